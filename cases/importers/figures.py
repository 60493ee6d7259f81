"""Figures an article reports, each with its clause, period and subject."""

import re
from decimal import Decimal

from cases.importers.names import QuotedName
from cases.importers.places import covered_positions
from cases.importers.proposal import HAN, ArticleText, ProposedMetric
from cases.lib.changes import reports_change
from cases.lib.numbers import Figure, find_figures, states_value
from cases.lib.provenance import quote_is_in

CLAUSE_BREAK = set("，,。；;！!？?：:")
PERIOD_RE = re.compile(
    r"(截至目前|截止目前|目前|如今|至今|今年以来|去年以来|近年来|近三年|\d{4}年以来|"
    r"\d{1,2}月份?以来|\d{4}年|今年|去年一年|去年|累计|每周|每天|每日|每月|每季度|每年|"
    r"半月内|到\d{4}年底)"
)
PREFIX_TO_QUALIFIER = {"超过": "超", "多达": "", "达": ""}
KIND_BY_UNIT = {
    "%": "rate",
    "人": "people",
    "名": "people",
    "位": "people",
    "人次": "people",
    "元": "money",
    "万元": "money",
    "亿元": "money",
    "平方米": "area",
    "亩": "area",
    "小时": "duration",
    "分钟": "duration",
    "天": "duration",
    "年": "duration",
    "月": "duration",
}
NAME_AFTER_FIGURE_RE = re.compile(rf"^[{HAN}]{{0,6}}(圈|工作法)")
SINGLE_ONE_UNITS = ("次",)  # 一 is “a”: keep 一次 only, not 一批, 一支, 一个


def find_metrics(
    article: ArticleText, quoted: list[QuotedName]
) -> list[ProposedMetric]:
    flat = article.flat
    # Figures inside a quoted name (“三个坚持”) are part of the name, not in speech.
    names = [
        (q.start, q.end)
        for q in quoted
        if len(q.name) <= 20 and not re.search(r"[，,。！？]", q.name)
    ]
    inside_quotes = covered_positions(names, len(flat))
    metrics = []
    for figure in find_figures(article.text):
        if _is_noise(flat, figure, inside_quotes):
            continue
        start, end = _clause(flat, figure.start, figure.end)
        quote = article.original(start, end)
        qualifier = PREFIX_TO_QUALIFIER.get(figure.qualifier, figure.qualifier)
        if not (
            quote_is_in(quote, article.text)
            and states_value(quote, figure.value, figure.value_max, figure.unit)
        ):
            continue
        kind = KIND_BY_UNIT.get(figure.unit, "count")
        if reports_change(flat[start : figure.start], figure.unit):
            kind = "change"  # 较上年度增长25%: a distance between two levels
        elif kind == "rate" and figure.value > 100:
            kind = "other"
        metrics.append(
            ProposedMetric(
                value=figure.value,
                value_max=figure.value_max,
                unit=figure.unit,
                qualifier=qualifier,
                period=_period(flat, figure.start),
                kind=kind,
                subject=_subject(flat, start, end, figure),
                quote=quote,
                start=figure.start,
            )
        )
    return metrics


def _is_noise(flat: str, figure: Figure, inside_quotes: list[bool]) -> bool:
    """Dates, clock times, ages, ordinals and numbers that belong to a name."""
    before = flat[figure.start - 1 : figure.start]
    after = flat[figure.end : figure.end + 8]
    if not figure.unit or inside_quotes[figure.start]:
        return True  # 6点半, 123工作法, 1+N, “三个坚持”
    if before in ("第", "+", "＋") or after.startswith(("+", "＋", "·")):
        return True
    if figure.value_max is not None and figure.value_max < figure.value:
        return True
    if figure.unit in ("岁", "日", "级"):
        return True  # ages, dates, and 两级平台 / 六级职员 ranks
    if figure.unit == "年" and (figure.value >= 1000 or after.startswith("代")):
        return True
    if figure.unit == "月" and "个" not in figure.text:
        return True  # 6月25日, 8月份
    spelled_one = figure.value == 1 and "1" not in figure.text
    if spelled_one and (figure.unit not in SINGLE_ONE_UNITS or before == "每"):
        return True  # 一家公司, 每一次
    if figure.text.startswith("二") and figure.unit == "次":
        return True  # 二次报销
    if after.startswith(("规定", "精神")):
        return True  # 八项规定
    if NAME_AFTER_FIGURE_RE.match(after):
        return True  # 15分钟生活圈
    return figure.value > Decimal("1e11")


def _clause(flat: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and flat[start - 1] not in CLAUSE_BREAK:
        start -= 1
    while end < len(flat) and flat[end] not in CLAUSE_BREAK:
        end += 1
    while start < end and flat[start] in "”’」）)》■#>":
        start += 1
    while end > start and flat[end - 1] in "“‘「（(《":
        end -= 1
    return start, end


def _period(flat: str, position: int) -> str:
    """The last time phrase before the figure in its sentence: 今年以来, 截至目前."""
    sentence_start = (
        max((flat.rfind(mark, 0, position) for mark in "。！？"), default=-1) + 1
    )
    found = list(PERIOD_RE.finditer(flat, sentence_start, position))
    return found[-1].group()[:40] if found else ""


def _subject(flat: str, start: int, end: int, figure: Figure) -> str:
    """What is counted: the clause without its figure and time words."""
    head = flat[start : figure.start]
    tail = flat[figure.end : end]
    head = PERIOD_RE.sub("", head).lstrip("，、已共累计先后")
    subject = head if len(head) >= 2 else tail
    subject = subject.strip('“”‘’"，、。 ')
    return (subject or flat[start:end])[:100]
