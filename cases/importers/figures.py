"""Figures an article reports, each with its clause, period and subject."""

import re
from datetime import date
from decimal import Decimal

from cases.importers.names import QuotedName
from cases.importers.periods import period_before
from cases.importers.places import covered_positions
from cases.importers.proposal import HAN, ArticleText, ProposedMetric
from cases.importers.subjects import counted_noun, subject_of
from cases.lib.changes import reports_change
from cases.lib.numbers import Figure, find_figures, states_value
from cases.lib.provenance import quote_is_in

CLAUSE_BREAK = set("，,。；;！!？?：:")
SENTENCE_BREAK = "。！？；;!?"
PREFIX_TO_QUALIFIER = {"超过": "超", "突破": "超", "多达": "", "达": ""}
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
    "平方千米": "area",
    "平方公里": "area",
    "公顷": "area",
    "亩": "area",
    "小时": "duration",
    "分钟": "duration",
    "天": "duration",
    "年": "duration",
    "月": "duration",
    "工作日": "time_limit",
}
# A duration followed by one of these is a deadline: 2小时内到场, 3天内办结.
TIME_LIMIT_AFTER = ("内", "之内", "以内")
NAME_AFTER_FIGURE_RE = re.compile(rf"^[{HAN}]{{0,6}}(圈|工作法)")
SINGLE_ONE_UNITS = ("次",)  # 一 is “a”: keep 一次 only, not 一批, 一支, 一个
# 5号楼3单元, 402室: parts of an address, never figures.
ADDRESS_AFTER = ("单元", "号", "室", "层")
CHINESE_DIGITS = set("一二两三四五六七八九十")
# What a number of levels (四级) builds: 四级组织架构, 三级服务网络.
LEVELLED_STRUCTURES = ("组织", "服务", "网络", "体系", "架构", "联动", "网格", "党组织")


def find_metrics(
    article: ArticleText, quoted: list[QuotedName], published_on: date | None = None
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
        metrics.append(
            ProposedMetric(
                value=figure.value,
                value_max=figure.value_max,
                unit=figure.unit,
                qualifier=qualifier,
                period=period_before(flat, figure.start, published_on),
                kind=_kind(flat, figure, start),
                subject=subject_of(flat, start, end, figure),
                quote=quote,
                start=figure.start,
                noun=counted_noun(flat, figure.end, end),
            )
        )
    metrics = _merge_repeats(metrics)
    _check_rates(flat, metrics)
    return metrics


def _kind(flat: str, figure: Figure, clause_start: int) -> str:
    kind = KIND_BY_UNIT.get(figure.unit, "count")
    if reports_change(flat[clause_start : figure.start], figure.unit):
        return "change"  # 较上年度增长25%: a distance between two levels
    if kind == "duration" and flat.startswith(TIME_LIMIT_AFTER, figure.end):
        return "time_limit"
    if kind == "rate" and figure.value > 100:
        return "other"
    return kind


def _is_noise(flat: str, figure: Figure, inside_quotes: list[bool]) -> bool:
    """Dates, clock times, addresses, ages, ordinals and numbers in names or idioms."""
    before = flat[figure.start - 1 : figure.start]
    after = flat[figure.end : figure.end + 8]
    number_end = figure.end - len(figure.unit)
    if not figure.unit or inside_quotes[figure.start]:
        return True  # 6点半, 123工作法, 1+N, “三个坚持”
    if before in ("第", "+", "＋") or after.startswith(("+", "＋", "·")):
        return True
    if (
        before in ("-", "/", ".")
        and flat[figure.start - 2 : figure.start - 1].isdigit()
    ):
        return True  # 2024-03-18: the day of a date
    if figure.unit == "分" and before in ("时", "点", ":", "："):
        return True  # 9时30分: a clock time
    if flat.startswith(ADDRESS_AFTER, number_end) and "个" not in figure.text:
        return True  # 3单元, 5号楼
    if figure.value_max is not None and figure.value_max < figure.value:
        return True
    if figure.unit in ("岁", "日"):
        return True  # ages, dates
    if figure.unit == "级" and (
        not after.startswith(LEVELLED_STRUCTURES)
        or after.startswith(("网格长", "网格员"))
        or before in "个名支家所"
    ):
        return True  # 六级职员, 75个四级网格: ranks; 四级组织体系 counts levels
    if figure.unit == "年" and (figure.value >= 1000 or after.startswith("代")):
        return True
    if figure.unit == "月" and "个" not in figure.text:
        return True  # 6月25日, 8月份
    if figure.unit in ("年", "月", "天", "小时") and after.startswith(("前", "后")):
        return True  # 两年前, 两个月前: when, not how much
    if after[:1].isdigit():
        return True  # 12座104单元: part of an address
    spelled = not any(char.isdigit() for char in figure.text)
    if spelled and after[:1] in CHINESE_DIGITS:
        return True  # 三位一体, 一张一弛: an idiom
    if spelled and figure.text[0] in "百千万" and not figure.qualifier:
        return True  # 千家万户, 百姓
    spelled_one = figure.value == 1 and "1" not in figure.text
    if spelled_one and (figure.unit not in SINGLE_ONE_UNITS or before in "每在有这那"):
        return True  # 一家公司, 每一次, 在一次聚会上
    if figure.text.startswith("二") and figure.unit == "次":
        return True  # 二次报销
    if spelled and after.startswith(("规定", "精神")):
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


def _merge_repeats(metrics: list[ProposedMetric]) -> list[ProposedMetric]:
    """One figure mentioned twice (52个网格 … 52个网格群) is proposed once, at its
    first mention."""
    kept: list[ProposedMetric] = []
    for metric in metrics:
        if not any(_same_figure(earlier, metric) for earlier in kept):
            kept.append(metric)
    return kept


def _same_figure(a: ProposedMetric, b: ProposedMetric) -> bool:
    if (a.value, a.value_max, a.unit) != (b.value, b.value_max, b.unit):
        return False
    if not (a.noun and b.noun):
        return a.subject == b.subject
    # 52个网格 … 52个网格群, 75个四级网格 … 75个四级管理网格
    return a.noun in b.noun or b.noun in a.noun or a.noun[-2:] == b.noun[-2:]


def _check_rates(flat: str, metrics: list[ProposedMetric]) -> None:
    """Flag a rate that two counts of its sentence contradict beyond rounding
    (受理 200件, 办结 150件, 办结率 97%); the rate itself is never changed."""
    for i, rate in enumerate(metrics):
        if rate.unit != "%" or "率" not in rate.quote:
            continue
        sentence_start = (
            max(flat.rfind(mark, 0, rate.start) for mark in SENTENCE_BREAK) + 1
        )
        counts = [
            m
            for m in metrics[:i]
            if m.start >= sentence_start and m.unit not in ("%", "") and not m.value_max
        ]
        if len(counts) < 2 or counts[-1].unit != counts[-2].unit:
            continue
        part, whole = sorted((counts[-1].value, counts[-2].value))
        if not whole:
            continue
        computed = part / whole * 100
        exponent = rate.value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if abs(computed - rate.value) > Decimal(5) / 10 ** (decimals + 1):
            shown = f"{computed:.1f}".rstrip("0").rstrip(".")
            rate.flag = (
                f"按文中 {part}/{whole} 计算为 {shown}%，与所写 {rate.value}% "
                "不符，请核对原文。"
            )
