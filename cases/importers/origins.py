"""When two origins name the same article.

An origin is a file name or a URL. Two origins are the same when they differ only in
letter case, surrounding spaces, or, for URLs, in the scheme (http and https), a
default port, a trailing slash or a fragment (#…). The query string counts: on many
news sites it names the article (?id=63)."""

from urllib.parse import urlsplit


def is_url(origin: str) -> bool:
    return origin.strip().lower().startswith(("http://", "https://"))


def origin_key(origin: str) -> str:
    """The form two origins share when they name the same article."""
    origin = origin.strip()
    if not is_url(origin):
        return origin.casefold()
    parts = urlsplit(origin)
    host = (parts.hostname or "").casefold()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}".casefold()


def clean_origin(origin: str) -> str:
    """The origin as stored: trimmed, and a URL without its fragment."""
    origin = origin.strip()
    if is_url(origin):
        origin = origin.split("#", 1)[0]
    return origin


def search_fragment(origin: str) -> str:
    """A piece every same origin contains, to find candidates in the database."""
    key = origin_key(origin)
    return key.rsplit("/", 1)[-1] or key
