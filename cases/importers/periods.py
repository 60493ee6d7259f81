"""The period a figure covers, from the time phrase before it in its sentence, and
resolved against the article's date when the byline gives one (今年以来 → 2025年以来)."""

import re
from datetime import date

SENTENCE_BREAK = "。！？!?"
# A founding or an opening (自2016年组建…以来, 自今年5月揭牌以来) dates the start of
# a team, not the figures written after it.
FOUNDING = (
    r"自(?:\d{4}年|今年|去年)[^，。；]{0,24}?(?:成立|组建|建立|揭牌|启用|开展|创建)"
    r"[^，。；]{0,16}?以来"
    r"|(?:成立|建成|始建|组建|创建|设立)于\d{4}年(?:\d{1,2}月)?"
    r"|于\d{4}年(?:\d{1,2}月)?(?:成立|建成|组建|创建|设立|揭牌)"
)
PERIOD_RE = re.compile(
    rf"(?P<founding>{FOUNDING})|(?P<phrase>"
    r"截至\d{4}年\d{1,2}月底?|截至\d{4}年底?|截至目前|截止目前|截至今年\d{1,2}月底?|"
    r"自成立以来|成立以来|自[^，。；\d]{2,20}?(?:建立|成立|上线|启用|开通)以来|"
    r"今年以来|今年来|去年以来|近年来|近[两二三四五]年来?|\d{4}年以来|\d{1,2}月份?以来|"
    r"今年上半年|今年下半年|今年年初|今年初|去年上半年|去年下半年|"
    r"\d{4}年[上下]半年|\d{4}年\d{1,2}月份?|\d{4}年度?|"
    r"目前|如今|至今|今年|去年一年|去年|累计|每周|每天|每日|每月|每季度|每年|"
    r"年均|日均|半月内|到\d{4}年底)"
)
UP_TO_NOW = ("截至目前", "截止目前", "目前", "如今", "至今")
# These qualify the action of their own clause only: 每周走访一次, 累计发放….
CLAUSE_SCOPED = (
    "每周",
    "每天",
    "每日",
    "每月",
    "每季度",
    "每年",
    "累计",
    "年均",
    "日均",
)
CLAUSE_BREAK = "，,；;：:"


def period_before(flat: str, position: int, published_on: date | None) -> str:
    """The last time phrase before ``position`` in its sentence, resolved."""
    sentence_start = max(flat.rfind(mark, 0, position) for mark in SENTENCE_BREAK) + 1
    clause_start = max(flat.rfind(mark, 0, position) for mark in CLAUSE_BREAK) + 1
    found = [
        m
        for m in PERIOD_RE.finditer(flat, sentence_start, position)
        if m["phrase"] not in CLAUSE_SCOPED or m.start() >= clause_start
    ]
    # 截至目前…累计发放: 累计 says the figure adds up, the period is 截至目前.
    dated = [m for m in found if m["phrase"] != "累计"] or found
    if not dated or dated[-1]["founding"]:
        return ""
    return resolve(dated[-1]["phrase"], published_on)[:40]


def resolve(phrase: str, published_on: date | None) -> str:
    """今年以来 → 2025年以来, 截至目前 → 截至2025年6月; as written without a date."""
    if phrase == "成立以来":
        return "自成立以来"
    if re.fullmatch(r"\d{4}年度", phrase):
        return phrase[:-1]
    if published_on is None:
        return phrase
    this, last = published_on.year, published_on.year - 1
    if phrase in UP_TO_NOW:
        return f"截至{this}年{published_on.month}月"
    relative = {
        "今年以来": f"{this}年以来",
        "今年来": f"{this}年以来",
        "去年以来": f"{last}年以来",
        "今年上半年": f"{this}年上半年",
        "今年下半年": f"{this}年下半年",
        "今年年初": f"{this}年初",
        "今年初": f"{this}年初",
        "去年上半年": f"{last}年上半年",
        "去年下半年": f"{last}年下半年",
        "今年": f"{this}年",
        "去年一年": f"{last}年",
        "去年": f"{last}年",
    }
    if phrase in relative:
        return relative[phrase]
    if phrase.startswith("截至今年"):
        return f"截至{this}年{phrase[4:]}"
    return phrase
