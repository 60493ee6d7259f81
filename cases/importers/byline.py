"""What a report's header or byline says about it: its title, publication, date and
author (稿件来源：某某日报, 发布时间：2025-07-10, （记者 周旭）)."""

import re
from dataclasses import dataclass
from datetime import date

HAN = r"\u4e00-\u9fff"

HEADER_CHARS = 300  # bylines stand at the top ...
FOOTER_CHARS = 200  # ... or, for the reporter, at the very end
DATE_RE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
SOURCE_RE = re.compile(
    rf"(?:稿件来源|信息来源|来源)\s*[:：]\s*(?P<name>[{HAN}A-Za-z《》]{{2,20}}?)"
    rf"(?=\s|$|[|｜]|作者|发布时间|时间|日期|20\d\d)"
)
# A line that begins with a paper or site: 贵州日报 2024-01-24, 中新网河南新闻….
OUTLET_RE = re.compile(
    rf"^\s*(?P<name>[{HAN}]{{2,10}}?(?:日报|晚报|时报|早报|周刊|新闻网|网|报))"
    rf"(?=\s|[{HAN}]{{0,6}}\d|$)",
    re.MULTILINE,
)
AUTHOR_RE = re.compile(
    rf"(?:作者|记者|撰文|文)\s*[:：]?\s*(?P<name>[{HAN}]{{2,4}}?)"
    rf"(?=\s|[）)、，,|｜]|通讯员|摄|报道|$)"
)
TITLE_RE = re.compile(r"[。！？；;，,:：]")


@dataclass(frozen=True)
class Byline:
    title: str = ""
    publication: str = ""
    published_on: date | None = None
    author: str = ""


def read_byline(text: str) -> Byline:
    header, footer = text[:HEADER_CHARS], text[-FOOTER_CHARS:]
    return Byline(
        title=_title(text),
        publication=_publication(header),
        published_on=_date(header),
        author=_author(header) or _author(footer),
    )


def _publication(header: str) -> str:
    found = SOURCE_RE.search(header) or OUTLET_RE.search(header)
    return re.sub(r"[《》]|杂志$", "", found["name"]) if found else ""


def _date(header: str) -> date | None:
    for match in DATE_RE.finditer(header):
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
    return None


def _author(chunk: str) -> str:
    found = AUTHOR_RE.search(chunk)
    return found["name"] if found else ""


def _title(text: str) -> str:
    """The first line, when it reads as a headline: short, no sentence punctuation,
    not a byline."""
    for line in text.strip().splitlines()[:3]:
        line = line.strip()
        if not line:
            continue
        if (
            4 <= len(line) <= 40
            and re.match(f"[{HAN}“]", line)
            and line.count("“") == line.count("”")
            and not TITLE_RE.search(line)
            and not DATE_RE.search(line)
            and not SOURCE_RE.search(line)
            and not AUTHOR_RE.search(line)
        ):
            return line
        return ""
    return ""
