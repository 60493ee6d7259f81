"""Fetch a report from its URL and keep its main text (trafilatura), with the title,
date, author and site the page declares.

The fetch has a timeout and a size cap, follows only http and https, and refuses
addresses inside this machine's networks (loopback, private, link-local), so that a
pasted URL cannot make the server read its own services.
"""

import ipaddress
import socket
import urllib.request
from dataclasses import dataclass
from datetime import date
from urllib.error import URLError
from urllib.parse import urlsplit

from cases.importers.origins import clean_origin, is_url

TIMEOUT_SECONDS = 10
MAX_BYTES = 3 * 1024 * 1024
USER_AGENT = "GovCases-importer/1.0 (+curator fetch)"


class FetchFailed(Exception):
    """A URL that gave no article; the message is shown to the curator."""


@dataclass(frozen=True)
class FetchedArticle:
    origin: str
    text: str
    title: str = ""
    publication: str = ""
    author: str = ""
    published_on: date | None = None


def fetch_html(url: str) -> str:
    """The page's HTML, read with a timeout and at most MAX_BYTES."""
    _refuse_local(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_BYTES + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except (URLError, OSError, ValueError) as error:
        raise FetchFailed(f"无法读取该网址：{error}") from error
    if len(body) > MAX_BYTES:
        raise FetchFailed(f"网页超过 {MAX_BYTES // 1024 // 1024} MB，无法导入。")
    return body.decode(charset, errors="replace")


def article_from_url(url: str, fetch=fetch_html) -> FetchedArticle:
    """The report at ``url``; ``fetch`` reads its HTML (tests pass their own)."""
    if not is_url(url):
        raise FetchFailed("请填写以 http:// 或 https:// 开头的网址。")
    return article_from_html(fetch(url), clean_origin(url))


def article_from_html(html: str, origin: str) -> FetchedArticle:
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=origin, with_metadata=True, include_tables=False
    )
    text = (document.text or "").strip() if document else ""
    if not text:
        raise FetchFailed("未能从该网页中识别出正文，请复制全文粘贴导入。")
    return FetchedArticle(
        origin=origin,
        text=text,
        title=(document.title or "").strip()[:300],
        publication=(document.sitename or "").strip()[:120],
        author=(document.author or "").strip()[:200],
        published_on=_date(document.date),
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _refuse_local(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"无法解析网址中的主机名“{host}”。") from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
            raise FetchFailed("不能导入内网或本机地址的网页。")
