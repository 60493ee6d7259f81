"""What a figure counts: 设立48个城市社区党组织 → 城市社区党组织, 已经答复群众来电412件
→ 群众来电, 回访满意率达95% → 回访满意率.

Words are told apart by jieba's part-of-speech tagger, loaded through the search
tokenizer on the first import (never when a module is imported).
"""

import re

from cases.importers.periods import PERIOD_RE
from cases.lib.numbers import Figure
from cases.search import tokenizer

# Words that say how or when, never what: 已经, 共, 累计, 先后.
ADVERBS = tuple(
    """已经 已 共计 共 累计 先后 目前 均 还 又 再 就 都 仅 只 总共 合计 现有 现
    全年 常态化 成功 其中 先后 陆续 主动 直接 有效 逐一""".split()
)
# Words that link a subject to its value: 办结率达, 覆盖率超过, 人数为.
LINKS = tuple(
    """达到 达 为 是 超过 超 约 近 共计 共 计 有 至 提升至 提高到 提升到 增至
    突破 逾 仅 占 高达 多达 的 了 均""".split()
)
# Verbs of these reports that the tagger may take for something else (新建 → place).
VERBS = set(
    """设立 建立 建成 新建 组建 成立 打造 培育 发展 招募 吸纳 选派 划分 覆盖 收集
    解决 化解 办结 处置 受理 开展 举办 组织 服务 帮助 走访 排查 消除 整修 治理
    铺设 安装 发放 兑换 动员 调动 带动 推动 惠及 涉及 提供 新增 答复 回复 调解
    接待 培训 召开 设置 配备 建设 完成 改造 筹集 募集 投入 帮扶 慰问 推出 打通
    签订 联系 引导 吸引 管理 建起 评选 选出 下沉 参与 认领 对接 整合 吸收 发动
    孵化 挖掘 认定 授牌 新建成 建有 设有 拥有 辖 下辖 细分 分为 划为 组成 形成
    达成 聚集 汇聚 布局 落实""".split()
)
NOUN_STOPS = ("、", "和", "及", "与", "以及", "等")
STOP_FLAGS = ("d", "ad", "p", "c", "u", "x", "r", "f", "y", "e", "zg")
# A figure before it ends the subject: 将13个社区划分为75个网格 → 社区划分为.
EARLIER_FIGURE_RE = re.compile(
    r"[\d一二两三四五六七八九十百千万]+[个名人户件次项栋家处条位所支]"
)
POS_NOUNS = ("n", "vn", "an", "nz", "nt", "ns", "nr", "j", "l", "i", "s", "b", "a")
QUOTE_MARKS_RE = re.compile(r"[“”‘’\"「」《》]")


def subject_of(flat: str, start: int, end: int, figure: Figure) -> str:
    head = flat[start : figure.start]
    if "、" in head and re.search(r"\d", head[: head.rindex("、")]):
        head = head[head.rindex("、") + 1 :]  # 26个党支部、318个党小组: its own item
    earlier = list(EARLIER_FIGURE_RE.finditer(head))
    if earlier:
        head = head[earlier[-1].end() :]
    head = _plain(PERIOD_RE.sub("", head))
    noun = counted_noun(flat, figure.end, end)
    head = _strip_links(_strip_adverbs(head))
    if not head:
        return (noun or flat[start:end])[:100]
    if head.endswith("率"):
        return head[:100]  # 回访满意率: a rate is named with its action
    words = _tag(head)
    if noun and words and words[-1][1] == "v":
        return noun[:100]  # 划分为75个四级网格: what the verb makes is counted
    verbs = [i for i, (_, flag) in enumerate(words) if flag == "v"]
    if verbs and verbs[-1] < len(words) - 1:
        rest = _strip_links("".join(w for w, _ in words[verbs[-1] + 1 :]))
        if len(rest) >= 2:
            return rest[:100]  # 志愿服务队已常态化消除安全隐患 → 安全隐患
    while words and words[0][1] in ("ns", "nt") and len(words) > 1:
        words = words[1:]  # 杜岭街道收集…: the place is the draft's, not the subject
    if words and words[0][1] == "v" and len(words) > 1:
        rest = _strip_links(_strip_adverbs("".join(w for w, _ in words[1:])))
        if len(rest) >= 2:
            return rest[:100]  # 答复群众来电 → 群众来电
    if noun and all(flag.startswith("v") or flag in STOP_FLAGS for _, flag in words):
        return noun[:100]  # 新建26个小区党支部: the verb alone counts nothing
    return "".join(w for w, _ in words)[:100] or noun or head


def counted_noun(flat: str, figure_end: int, clause_end: int) -> str:
    """The noun right after a figure (48个城市社区党组织), up to a list mark or a verb."""
    tail = flat[figure_end:clause_end]
    for stop in NOUN_STOPS:
        if stop in tail:
            tail = tail[: tail.index(stop)]  # 800余次、敬老爱老活动300余次: not ours
    tail = _plain(tail)
    noun = ""
    for word, flag in _tag(tail):
        if flag.startswith(STOP_FLAGS) and flag not in POS_NOUNS:
            break
        if flag in ("m", "q") and any(char.isdigit() for char in word):
            break
        if flag.startswith("v") and flag != "vn" and len(word) > 1 and noun:
            break
        noun += word
    return _strip_links(noun)[:40]


def _plain(text: str) -> str:
    return QUOTE_MARKS_RE.sub("", text).strip("，、。 ")


def _strip_adverbs(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in ADVERBS:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
    return text


def _strip_links(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in LINKS:
            if text.endswith(word):
                text, changed = text[: -len(word)], True
    return text


def tag_words(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) by jieba's tagger; the verbs of these reports are
    always verbs."""
    return _tag(text)


def _tag(text: str) -> list[tuple[str, str]]:
    if not text:
        return []
    return [
        (word, "v" if word in VERBS else flag) for word, flag in tokenizer.tagged(text)
    ]
