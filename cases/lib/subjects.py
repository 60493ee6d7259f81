"""What a figure's subject counts, in the words places share, so that figures worded
differently compare: 街道“大工委”议事协商办结率 and 事项三天内办结率 are both 办结率;
志愿者帮助化解矛盾纠纷 and “芝山晚枫”调解纠纷 are 化解纠纷; 解决群众急难愁盼问题 is
解决问题.

A subject gets a key when it ends in a rate (…率) or handles something (a verb such
as 解决 with what it handles, such as 问题); any other subject has none (社区网格数量
is compared as written). A change (办结率较上年度增长) names no rate at its end, so
it never shares a key with the levels it changes.
"""

import re

_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|‘[^’]*’")
_RATE_RE = re.compile(r"([\u4e00-\u9fff]{2})率$")
# A rate whose two characters say little alone takes the two before them too:
# 调解成功率, not 成功率.
_VAGUE_RATE_HEADS = ("成功", "完成", "达标", "覆盖", "参与", "使用")
VERBS = ("化解", "调解", "解决", "收集", "受理", "办理", "办结", "回复", "处置", "排查")
OBJECTS = ("纠纷", "矛盾", "问题", "诉求", "建议", "事项", "需求", "隐患")
# Words for the same outcome: a dispute mediated is a dispute settled.
SAME_AS = {"调解纠纷": "化解纠纷", "调解矛盾": "化解纠纷", "化解矛盾": "化解纠纷"}


def subject_key(subject: str) -> str:
    """The shared words a subject's figure is compared under, or ""."""
    text = _QUOTED_RE.sub("", "".join(subject.split()))
    rate = _RATE_RE.search(text)
    if rate:
        head = rate.group(1)
        if head in _VAGUE_RATE_HEADS and len(text) >= 5:
            return text[-5:]
        return f"{head}率"
    for verb_at, verb in sorted((text.find(v), v) for v in VERBS if v in text):
        after = text[verb_at + len(verb) :]
        found = [(after.rfind(o), o) for o in OBJECTS if o in after]
        if found:
            key = verb + max(found)[1]
            return SAME_AS.get(key, key)
    return ""
