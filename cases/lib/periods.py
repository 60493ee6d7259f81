"""The years a figure's period names, read from the period and the article's date.

2024年 is 2024; 2023年以来 is from 2023 on (to the article's year when its date is
known); 今年 in an article of 2024 is 2024; 目前 and 截至目前 are "up to" the
article's year. A period that names no year and cannot be placed by the article's
date resolves to nothing (每周, 半月内, 近年来, 自…以来): years are never guessed.
"""

import re
from datetime import date

Years = tuple[int | None, int | None]  # (from, to); None where unknown or open
NO_YEARS: Years = (None, None)

_RANGE_RE = re.compile(r"(\d{4})\s*年?\s*[—–\-~～至到]\s*(\d{4})\s*年")
_YEAR_RE = re.compile(r"(\d{4})\s*年")
_SINCE_RE = re.compile(r"以来|至今|以后|起")
_UNTIL_RE = re.compile(r"(截至|截止|到|至)\s*\d{4}")  # 截至2024年底, 到2025年底
# Years counted from the article's: 今年 is its year, 去年 the one before.
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2}
_RELATIVE_RE = re.compile("|".join(sorted(_RELATIVE, key=len, reverse=True)))
_MONTH_SINCE_RE = re.compile(r"(\d{1,2})\s*月份?\s*以来")
# A state or a running total as the article was written: up to its year.
_AS_OF_RE = re.compile(r"截至目前|截止目前|目前|如今|至今|当前|现在|累计")


def resolve_years(period: str, published_on: date | None) -> Years:
    """(from, to) years of ``period`` in an article published on ``published_on``
    (None when its date is unknown)."""
    text = "".join(period.split())
    if not text:
        return NO_YEARS
    written = _RANGE_RE.search(text)
    if written:
        start, end = int(written.group(1)), int(written.group(2))
        return (start, end) if start <= end else NO_YEARS
    years = sorted({int(year) for year in _YEAR_RE.findall(text)})
    if len(years) > 1:
        return (years[0], years[-1])
    if years:
        if _UNTIL_RE.search(text):
            return (None, years[0])
        return _from(years[0], text, published_on)
    if published_on is None:
        return NO_YEARS
    this_year = published_on.year
    relative = _RELATIVE_RE.search(text)
    if relative:
        return _from(this_year + _RELATIVE[relative.group()], text, published_on)
    month = _MONTH_SINCE_RE.search(text)
    if month:
        since = int(month.group(1))
        if not 1 <= since <= 12:
            return NO_YEARS
        # 8月份以来 in an article of March is since August of the year before.
        start = this_year if since <= published_on.month else this_year - 1
        return (start, this_year)
    if _AS_OF_RE.search(text):
        return (None, this_year)
    return NO_YEARS


def _from(year: int, text: str, published_on: date | None) -> Years:
    """``year`` alone, or from ``year`` on when the period says 以来."""
    if not _SINCE_RE.search(text):
        return (year, year)
    if published_on is not None and published_on.year >= year:
        return (year, published_on.year)
    return (year, None)


def latest_year(start: int | None, end: int | None) -> int | None:
    """The last year the range names: its end, or its start when it is open."""
    return end if end is not None else start
