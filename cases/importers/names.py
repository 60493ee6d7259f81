"""Practice names in quotes, told apart from quoted emphasis."""

import re
from dataclasses import dataclass

from cases.importers.proposal import HAN

# Curly and corner quotes pair by themselves; straight quotes are paired below.
PAIRED_QUOTES_RE = re.compile(
    r"“([^“”]{1,40})”|‘([^‘’]{1,40})’|「([^「」]{1,40})」"
    r"|《([^《》]{1,40})》"
)
# A quoted name usually follows a verb of doing and precedes the kind of thing it is.
# A quoted name usually follows a verb of doing, or precedes the kind of thing it is;
# emphasis (“烦心事”, “主心骨”) follows 的 or the noun it dresses up.
NAME_CUES_BEFORE = tuple(
    """开展 打造 推行 探索 实施 建立 成立 设立 搭建 依托 创新 推出
    组建 深化 发布 举办 开设 培养 落实 运用 借鉴 构建 做到 实现
    坚持 推进 按照 通过 达成 践行 完善 健全 形成 担任 加入 助力
    探索出 构建起 办起 确保 推动 以 、 ” " 对 广发 更新 加大
    激活 聚焦 开展了 发布了 解读了""".split()
)
NAME_CUES_AFTER = tuple(
    """志愿 服务 工作 机制 模式 活动 平台 品牌 理念 原则 行动 项目
    工程 小程序 阵地 制度 体系 等 为 队 站 课 班 基地 网络 驿站
    双轨 闭环 全链条 互嵌 兴趣 党建 议事 实践 两级 系列 的模式
    的培养 的工作 的优势 的理念 口号 治理 全民 签约 邻里 政务
    共同体 参与 恳谈 新格局 评选 小组 培训 绩效 专干 合作 形式 “
    " 、""".split()
)
EMPHASIS_BEFORE = tuple(
    """的 治理 基层 城市 群众 口中 这个 尚属 打破 来到 绘就 部门
    晋升 服务 暖""".split()
)
SPEECH_END_RE = re.compile(r"[。！？!?…]|[，,].{12,}")
# A name that says what kind of thing it is (…驿站, …年货节, …服务队) is a name even
# after 的: 指导建设的“馨兰友好红色驿站”.
KIND_ENDINGS = tuple(
    """站 驿站 节 队 会 岗 中心 工程 行动 计划 机制 模式 平台 品牌 课堂 学院 联盟
    小组 工作室 工作法 超市 基金 项目 议事厅 服务社 书屋 食堂 客厅""".split()
)
# Formulas are names too: 1+1+N, 2+3(1)+N.
FORMULA_RE = re.compile(r"[0-9A-Za-z]+(?:[+＋][0-9A-Za-z()（）]+)+")
# A chain of named levels (党工委——社区党委——…——志愿者) may run longer than a name.
CHAIN_MARKS_RE = re.compile(r"[—－\-+＋]")
MAX_NAME, MAX_CHAIN = 30, 40
# Two quoted names joined by a slash (“民情哨兵”/“服务专员”) name one pair of roles.
PAIR_JOINS = ("/", "／")


@dataclass(frozen=True)
class QuotedName:
    name: str
    start: int  # offset of the opening quote in the flat text
    end: int  # offset after the closing quote
    is_practice: bool


def find_quoted_names(flat: str) -> list[QuotedName]:
    """Every quoted stretch, with whether it reads as a practice name."""
    spans = [
        (m.start(), m.end(), next(g for g in m.groups() if g is not None))
        for m in PAIRED_QUOTES_RE.finditer(flat)
    ]
    spans += _straight_quotes(flat)
    spans = _join_pairs(flat, sorted(spans))
    counts: dict[str, int] = {}
    for _, _, inner in spans:
        counts[inner] = counts.get(inner, 0) + 1
    names = []
    for start, end, inner in spans:
        practice = _reads_as_name(flat, start, end, inner, counts[inner])
        names.append(QuotedName(inner, start, end, practice))
    return names


def _join_pairs(flat: str, spans: list) -> list[tuple[int, int, str]]:
    joined: list[tuple[int, int, str]] = []
    for start, end, inner in spans:
        if joined and flat[joined[-1][1] : start] in PAIR_JOINS:
            first_start, _, first = joined.pop()
            start, inner = first_start, f"{first}{flat[start - 1]}{inner}"
        joined.append((start, end, inner))
    return joined


def _straight_quotes(flat: str) -> list[tuple[int, int, str]]:
    """Pair ASCII quotes, re-synchronising after an OCR-dropped quote mark."""
    marks = [i for i, char in enumerate(flat) if char == '"']
    spans, i = [], 0
    while i + 1 < len(marks):
        start, end = marks[i], marks[i + 1]
        inner = flat[start + 1 : end]
        if 0 < len(inner) <= MAX_CHAIN and not re.search(r"[。；;：:>]", inner):
            spans.append((start, end + 1, inner))
            i += 2
        else:
            i += 1
    return spans


def _reads_as_name(flat: str, start: int, end: int, inner: str, count: int) -> bool:
    """Tell practice names (“小苑同学”) from emphasis (“烦心事”) and speech."""
    longest = MAX_CHAIN if CHAIN_MARKS_RE.search(inner) else MAX_NAME
    if FORMULA_RE.fullmatch(inner):
        return True
    if len(inner) < 2 or len(inner) > longest or not re.search(f"[{HAN}]", inner):
        return False
    if re.search(r"[。！？!?…；;：:]", inner) or not _balanced_clauses(inner):
        return False  # speech, or a quote mark lost to OCR
    before = flat[max(0, start - 4) : start]
    after = flat[end : end + 4]
    if before.endswith(("简称", "叫", "称为")) or flat[start - 1 : start] in "：:":
        return False
    score = 0
    if count > 1:
        score += 1
    if any(mark in inner for mark in "+＋·、－—"):
        score += 1
    if before.endswith(NAME_CUES_BEFORE):
        score += 1
    if after.startswith(NAME_CUES_AFTER):
        score += 1
    if len(inner) >= 4 and inner.endswith(KIND_ENDINGS):
        score += 1
    if before.endswith(EMPHASIS_BEFORE) and not (
        before.endswith("治理") and len(inner) >= 4
    ):
        score -= 1  # 治理“主心骨” is emphasis, 基层治理“最小作战单元” a name
    if len(inner) <= 3 and re.match(r"[，,。；;]|$", after):
        score -= 1
    if after.startswith("的") and not after.startswith(NAME_CUES_AFTER):
        score -= 1
    return score >= 0


def _balanced_clauses(inner: str) -> bool:
    """大事全网联动,小事一格解决 is one slogan; 崔莹说, and 快盖,共划分… are not."""
    parts = re.split(r"[，,]", inner)
    if len(parts) == 1:
        return True
    sizes = [len(part) for part in parts]
    return min(sizes) >= 3 and max(sizes) <= 8 and max(sizes) - min(sizes) <= 2
