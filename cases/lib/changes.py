"""Whether a figure is a change (较上年度增长25%, 同比减少8.1%) rather than a level
(办结率85.7%): a change measures the distance between two levels, so it is never
compared with levels."""

import re

# A comparison with another time or another standard: the figure is a difference.
_COMPARED_RE = re.compile(r"同比|环比|较上|比上|较去年|比去年|较前|高出|增幅|降幅")
# A direction just before a percentage or a multiple (增长 20%, 分别减少8.1%), not
# 提高至/增长到, which give the level reached.
_DIRECTION_RE = re.compile(r"(增长|下降|减少|提高|提升|增加|降低|上升)了?$")
RELATIVE_UNITS = ("%", "个百分点", "倍", "成")


def reports_change(before: str, unit: str) -> bool:
    """Whether a figure written after ``before`` (its clause up to the number, or
    its subject) in ``unit`` reports a change."""
    text = "".join(before.split())
    if _COMPARED_RE.search(text):
        return True
    return unit in RELATIVE_UNITS and bool(_DIRECTION_RE.search(text))
