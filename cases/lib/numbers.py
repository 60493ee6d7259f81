"""Find the figures written in Chinese text: 1.5万余个, 十余次, 2—3次, 超200名, 85.7%.

The parser is shared by ``verify_cases`` (does a quote state its metric's value?) and
the article importer (which figures does a new article report?). Chinese numerals
(三十, 两千, 一万五千) are read by cn2an, imported on first use.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
PLACE_VALUES = set("十百千万亿")
ROUGH_AMOUNTS = {"十": 10, "百": 100, "千": 1000, "万": 10000}

# Longest first, so that 场次 wins over 场 and 万元 over 万.
UNITS = sorted(
    """% 万元 亿元 元 人次 户次 件次 场次 平方千米 平方公里 平方米 公顷 千米 公里 小时 分钟 工作日 住户 农户 个 件 名 人
    户 位 次 场 期 支
    家 处 条 项 座 所 套 间 张 亩 天 批 类 栋 幢 辆 台 本 册 份 篇 轮 组 队 单 块 起 例 种
    门 棵 米 年 月 日 岁 倍 级 首 封 部 堂 节 届 盏 片 吨 斤 元 箱 瓶 袋 包 桶 份 余""".split(),
    key=len,
    reverse=True,
)

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A numeral may hold 万 and 亿 inside (一万五千) but never starts with them.
_CHINESE = r"[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
_RANGE_SEP = r"[—–\-~～至到]{1,2}"
FIGURE_RE = re.compile(
    rf"(?P<prefix>超过|突破|超|近|约|逾|多达)?"
    rf"(?P<rough>[数几][十百千万])?"
    rf"(?:(?P<low>{_NUMBER})(?:(?P<sep>{_RANGE_SEP})(?P<high>{_NUMBER}))?)?"
    rf"(?P<mult1>[万亿])?(?P<suffix>余|多|以上)?(?P<mult2>[万亿])?"
    rf"(?P<percent>[%％])?"
)
WHITESPACE_RE = re.compile(r"\s+")
_RANGE_TAIL_RE = re.compile(rf"{_RANGE_SEP}(?P<high>{_NUMBER})")
# 1个多小时, 3个月, 5个工作日: the 个 belongs to the unit.
_HOURS_OR_MONTHS_RE = re.compile(r"个(?P<suffix>多|余)?(?P<unit>小时|月|工作日)")
# Points (积分) only where a score cannot be the adverb 十分 (very): 48分, 200万分.
POINTS = "分"


@dataclass(frozen=True)
class Figure:
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    start: int
    end: int
    text: str


def strip_whitespace(text: str) -> str:
    """OCR'd articles break lines inside sentences: compare texts without whitespace."""
    return WHITESPACE_RE.sub("", text)


def chinese_to_int(numeral: str) -> int | None:
    """二十 → 20, 两千 → 2000, 一万五千 → 15000, 十 → 10, 一二 → None (digits
    without a place value are not a number)."""
    if len(numeral) > 1 and not PLACE_VALUES & set(numeral):
        return None
    if numeral in ("十", "百", "千"):
        return {"十": 10, "百": 100, "千": 1000}[numeral]
    try:
        value = _cn2an()(numeral, "normal")
    except (ValueError, KeyError):
        return None
    return int(value) if value == int(value) else None


@cache
def _cn2an():
    import cn2an

    return cn2an.cn2an


def _adjacent_digits(numeral: str) -> tuple[Decimal | None, Decimal | None]:
    """五六 → (5, 6), 两三 → (2, 3): two neighbouring digits make a range."""
    if len(numeral) == 2 and all(char in CHINESE_DIGITS for char in numeral):
        low, high = (CHINESE_DIGITS[char] for char in numeral)
        if high == low + 1:
            return Decimal(low), Decimal(high)
    return None, None


def parse_number(token: str) -> Decimal | None:
    if token[0].isdigit():
        return Decimal(token.replace(",", ""))
    value = chinese_to_int(token)
    return None if value is None else Decimal(value)


def _unit_after(text: str, position: int, points: bool = False) -> str:
    for unit in UNITS:
        if text.startswith(unit, position):
            return unit
    if points and text.startswith(POINTS, position):
        return POINTS
    return ""


def find_figures(text: str) -> list[Figure]:
    """Every figure written in ``text``, whitespace ignored, in order."""
    text = strip_whitespace(text)
    figures: list[Figure] = []
    for match in FIGURE_RE.finditer(text):
        if not (match["low"] or match["rough"]):
            continue
        if figures and match.start() < figures[-1].end:
            continue  # the second half of a range already read (10户至15户)
        figure = _figure_from_match(text, match)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure_from_match(text: str, match: re.Match) -> Figure | None:
    qualifier = match["prefix"] or ""
    if match["rough"]:
        if match["low"]:
            return None
        value, value_max = Decimal(ROUGH_AMOUNTS[match["rough"][1]]), None
        qualifier = "数" + match["rough"][1]  # 几十 and 数十 say the same
    else:
        value = parse_number(match["low"])
        value_max = parse_number(match["high"]) if match["high"] else None
        if value is None and not match["high"]:
            value, value_max = _adjacent_digits(match["low"])
        if value is None or (match["high"] and value_max is None):
            return None
    end = match.end()
    multiplier = match["mult1"] or match["mult2"]
    if match["suffix"]:
        qualifier = qualifier or match["suffix"]
    if match["percent"]:
        unit, end = "%", match.start("percent")
    elif spelled := _HOURS_OR_MONTHS_RE.match(text, end):
        # 1个多小时, 3个月: the 个 belongs to the unit, 多 is the qualifier.
        qualifier = qualifier or spelled["suffix"] or ""
        unit, end = spelled["unit"], spelled.end() - len(spelled["unit"])
    else:
        # 48分 and 200万分 are points; 十分 is "very".
        points = (match["low"] or "x")[0].isdigit() or multiplier is not None
        unit = _unit_after(text, end, points)
        if (
            (repeated := _RANGE_TAIL_RE.match(text, end + len(unit)))
            and unit
            and (text.startswith(unit, repeated.end()))
        ):
            # 10户至15户, 200元至300元: a range that writes its unit twice.
            high = parse_number(repeated["high"])
            if high is not None:
                value_max = high
                end = repeated.end()
        if unit == "余" and not match["suffix"]:
            # 十余次: the qualifier sits between the number and the unit.
            qualifier = qualifier or "余"
            end += 1
            unit = _unit_after(text, end, points)
        if multiplier and unit.startswith("元"):
            # 20万元: the 万 read as a multiplier becomes part of the unit.
            end -= len(multiplier)
            unit, multiplier = multiplier + unit, None
        if text.startswith("左右", end + len(unit)):
            qualifier = qualifier or "约"
    if text.startswith("以上", end + len(unit)):
        qualifier = qualifier or "以上"  # 100人以上, 90%以上
    if multiplier:
        scale = Decimal(10000 if multiplier == "万" else 100000000)
        value *= scale
        value_max = value_max * scale if value_max is not None else None
    return Figure(
        value=_tidy(value),
        value_max=None if value_max is None else _tidy(value_max),
        unit=unit,
        qualifier=qualifier,
        start=match.start(),
        end=end + len(unit),
        text=text[match.start() : end + len(unit)],
    )


def _tidy(value: Decimal) -> Decimal:
    """15000.0 → 15000, so that figures print as they are written."""
    return (
        value.quantize(Decimal(1))
        if value == value.to_integral()
        else value.normalize()
    )


def states_value(
    quote: str, value: Decimal, value_max: Decimal | None, unit: str
) -> bool:
    """Does ``quote`` write this value (and range end) with this unit?"""
    for figure in find_figures(quote):
        same_value = figure.value == value and figure.value_max == value_max
        if same_value and (figure.unit == unit or (not unit and not figure.unit)):
            return True
    return False
