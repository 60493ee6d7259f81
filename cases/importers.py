"""Turn a pasted article into draft cases for a curator to review.

``parse_article(text)`` reads the text only (no database): the places it names, the
practice names it quotes and the figures it reports, each figure with the shortest
clause around it. ``save_proposal()`` writes one draft initiative per place, in one
transaction. Nothing here ever publishes: a curator reviews every draft.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import transaction

from cases import gazetteer
from cases.numbers import Figure, find_figures, states_value
from cases.provenance import quote_is_in

MAX_TEXT_CHARS = 200_000
HAN = r"\u4e00-\u9fff"

# ---------------------------------------------------------------------------
# The proposal tree


@dataclass(frozen=True)
class RegionNode:
    name: str
    level: str  # a Region.Level value
    inferred: bool = False


@dataclass(frozen=True)
class KnownRegion:
    """A region already in the database, as a province-first chain."""

    chain: tuple[RegionNode, ...]


@dataclass
class ProposedMetric:
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    period: str
    kind: str
    subject: str
    quote: str
    start: int  # offset in the whitespace-free text


@dataclass
class ProposedPlace:
    chain: tuple[RegionNode, ...]
    start: int
    summary: str = ""
    communities: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    practices: list[str] = field(default_factory=list)
    metrics: list[ProposedMetric] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.chain[-1].name

    @property
    def chain_text(self) -> str:
        return " › ".join(node.name for node in self.chain)

    @property
    def is_empty(self) -> bool:
        return not (self.communities or self.practices or self.metrics)


@dataclass
class Proposal:
    text: str
    places: list[ProposedPlace]
    practices: list[str]  # every practice name found, in order of first mention
    metrics: list[ProposedMetric]  # every figure kept, in order


def parse_article(text: str, known_regions: Iterable[KnownRegion] = ()) -> Proposal:
    """Everything an article proposes; ``known_regions`` come from the database."""
    article = _Article(text)
    quoted = [
        # The name as published: 红链领航 医路前行 keeps its space.
        replace(q, name=article.original(q.start + 1, q.end - 1))
        for q in find_quoted_names(article.flat)
    ]
    practices = [q.name for q in quoted if q.is_practice]
    mentions = find_places(article.flat, list(known_regions), quoted)
    metrics = find_metrics(article, quoted)
    places = _attach(article, mentions, quoted, metrics)
    return Proposal(
        text=text,
        places=places,
        practices=list(dict.fromkeys(practices)),
        metrics=metrics,
    )


class _Article:
    """The text as published and without whitespace (OCR breaks lines mid-word)."""

    def __init__(self, text: str):
        self.text = text
        self.positions = [i for i, char in enumerate(text) if not char.isspace()]
        self.flat = "".join(text[i] for i in self.positions)

    def original(self, start: int, end: int) -> str:
        """The published text of flat[start:end], line breaks removed."""
        chunk = self.text[self.positions[start] : self.positions[end - 1] + 1]
        return re.sub(r"\s*\n\s*", "", chunk).strip()


# ---------------------------------------------------------------------------
# Practice names in quotes

# Curly and corner quotes pair by themselves; straight quotes are paired below.
PAIRED_QUOTES_RE = re.compile(r"“([^“”]{1,40})”|‘([^‘’]{1,40})’|「([^「」]{1,40})」"
                              r"|《([^《》]{1,40})》")
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


@dataclass(frozen=True)
class QuotedName:
    name: str
    start: int  # offset of the opening quote in the flat text
    end: int  # offset after the closing quote
    is_practice: bool


def find_quoted_names(flat: str) -> list[QuotedName]:
    """Every quoted stretch, with whether it reads as a practice name."""
    spans = [(m.start(), m.end(), next(g for g in m.groups() if g is not None))
             for m in PAIRED_QUOTES_RE.finditer(flat)]
    spans += _straight_quotes(flat)
    spans.sort()
    counts: dict[str, int] = {}
    for _, _, inner in spans:
        counts[inner] = counts.get(inner, 0) + 1
    names = []
    for start, end, inner in spans:
        practice = _reads_as_name(flat, start, end, inner, counts[inner])
        names.append(QuotedName(inner, start, end, practice))
    return names


def _straight_quotes(flat: str) -> list[tuple[int, int, str]]:
    """Pair ASCII quotes, re-synchronising after an OCR-dropped quote mark."""
    marks = [i for i, char in enumerate(flat) if char == '"']
    spans, i = [], 0
    while i + 1 < len(marks):
        start, end = marks[i], marks[i + 1]
        inner = flat[start + 1 : end]
        if 0 < len(inner) <= 30 and not re.search(r"[。；;：:>]", inner):
            spans.append((start, end + 1, inner))
            i += 2
        else:
            i += 1
    return spans


def _reads_as_name(flat: str, start: int, end: int, inner: str, count: int) -> bool:
    """Tell practice names (“小苑同学”) from emphasis (“烦心事”) and speech."""
    if len(inner) < 2 or len(inner) > 30 or not re.search(f"[{HAN}]", inner):
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
    if before.endswith(EMPHASIS_BEFORE):
        score -= 1
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


# ---------------------------------------------------------------------------
# Places

ZONE_RE = re.compile(r"(高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区)")
TOWNSHIP_RE = re.compile(r"(街道办事处|街道|办事处|镇)")
COMMUNITY_RE = re.compile(r"(社区|村)")
# Characters that end a word before a place name: 让金海社区 → 金海社区.
FUNCTION_CHARS = set("在以让和与及的是为对到从将把由向至等了被给于使据")
FUNCTION_CHARS |= set("、，,。：:；;！？（）()“”‘’\"《》■#")
FUNCTION_WORDS = set("在以让和与及的是为对从将把由向至等了被给于使据")
NOT_IN_NAMES = set("到在个的了们这那各每该某此一二三四五六七八九十百千万两几数全")
GENERIC_NAMES = set(
    """下沉 乡村 乡镇 书香 互嵌式 党员 党建 全村 共建 其他 农村 包括
    参与 友好 各类 周边 和美 和谐 回到 城中村 城乡 城区 城市 城镇
    基层 学习 宜居 实现 家园 小区 居住 居民 工作 带领 平安 幸福
    建设 开展 志愿 成熟 所在 所属 扎根 打造 推动 文明 新型 智慧
    服务 本地 本村 来到 枫桥式 楼院 民族 治理 活力 深入 温馨 熟人
    特色 特色小 相关 示范 示范村 社区 组织 网格 美丽 美丽乡村 老旧
    联系 自然村 融入 行政村 街道 覆盖 试点 走进 辖区 进入 进村
    重点村 青年 驻村""".split()
)
# Words that end a verb or adjective phrase before 社区 (大力开展社区, 优秀社区).
GENERIC_ENDINGS = tuple(
    """开展 参与 加强 改善 优秀 年轻 传统 满足 邻近 幸福 提升 推进
    建设 服务 治理 融入 担任 为 城市 农村 乡村 全 各 本""".split()
)
ORG_AFTER = tuple(
    """委 局 供电 公安 法院 检察 人民 政府 医院 税务 市场 科学 卫生
    医疗 教育 银行 农商 融媒 日报""".split()
)
NOT_AFTER_VILLAGE = set("民级里干落容貌组务庄集委头口镇")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    chain: tuple[RegionNode, ...]
    role: str  # "place", "context" (an office named after a place) or "community"
    kind: str = ""  # Community.Kind for a community


def find_places(
    flat: str, known: list[KnownRegion], quoted: list[QuotedName]
) -> list[Mention]:
    """Every place the text names, in order, with its province-first chain."""
    inside_quotes = _covered([(q.start, q.end) for q in quoted], len(flat))
    divisions = _division_mentions(flat)
    context = _context_divisions(flat, divisions)
    mentions: list[Mention] = []
    taken = [False] * (len(flat) + 1)

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]) or any(inside_quotes[start:end]):
            return False
        for i in range(start, end):
            taken[i] = True
        return True

    for known_region in known:  # curated names first: they carry curated chains
        leaf = known_region.chain[-1]
        if len(leaf.name) < 3 or leaf.level not in ("county", "township"):
            continue
        for match in re.finditer(re.escape(leaf.name), flat):
            if claim(match.start(), match.end()):
                mentions.append(_mention(flat, match.start(), match.end(),
                                         known_region.chain))
    for start, end, candidates, zone in divisions:
        division = _pick(candidates, context)
        if division is None or not claim(start, end):
            continue
        chain = _chain_for(flat, division)
        if zone:
            level = "county" if division.level == "city" else "township"
            chain = (*chain, RegionNode(zone, level))
        mentions.append(_mention(flat, start, end, chain))
    mentions.sort(key=lambda m: m.start)
    ends = {m.end: m for m in mentions if m.role == "place"}
    mentions += _suffixed(flat, TOWNSHIP_RE, ends, claim, "township")
    mentions.sort(key=lambda m: m.start)
    ends = {m.end: m for m in mentions if m.role == "place"}
    mentions += _suffixed(flat, COMMUNITY_RE, ends, claim, "community")
    mentions.sort(key=lambda m: m.start)
    return mentions


def _mention(flat: str, start: int, end: int, chain: tuple[RegionNode, ...]) -> Mention:
    role = "context" if flat.startswith(ORG_AFTER, end) else "place"
    return Mention(start, end, chain, role)


def _covered(spans: list[tuple[int, int]], length: int) -> list[bool]:
    covered = [False] * (length + 1)
    for start, end in spans:
        for i in range(start, end):
            covered[i] = True
    return covered


def _division_mentions(flat: str):
    """(start, end, candidates, zone name or "") for each gazetteer name in the text."""
    full, short = gazetteer.by_name(), gazetteer.by_short_name()
    found = []
    for match in ZONE_RE.finditer(flat):
        for size in (4, 3, 2):  # 郑州高新区: the city's short name before the zone
            stem = flat[match.start() - size : match.start()]
            if len(stem) == size and stem in short:
                start = match.start() - size
                found.append((start, match.end(), short[stem], stem + match.group()))
                break
    i = 0
    while i < len(flat):
        for size in range(9, 1, -1):
            name = flat[i : i + size]
            if name in full and _plausible_name(flat, i, name):
                found.append((i, i + size, full[name], ""))
                i += size - 1
                break
        i += 1
    found.sort(key=lambda item: (item[0], -item[1]))
    return found


def _plausible_name(flat: str, start: int, name: str) -> bool:
    """Two-character names (温县, 城区) only where the text shows they are places."""
    if len(name) > 2:
        return True
    if not name.endswith("县"):
        return False
    return bool(re.match(f"[{HAN}]{{2,3}}(镇|乡|街道)", flat[start + 2 : start + 7]))


def _context_divisions(flat: str, divisions) -> set[str]:
    """Codes of provinces and cities the text names, to choose among 朝阳区s."""
    codes = set()
    for _, _, candidates, _ in divisions:
        if len(candidates) == 1:
            codes.update(d.code for d in gazetteer.lineage(candidates[0]))
    return codes


def _pick(candidates, context: set[str]):
    if len(candidates) == 1:
        return candidates[0]
    fitting = [d for d in candidates
               if any(a.code in context for a in gazetteer.lineage(d)[:-1])]
    return fitting[0] if len(fitting) == 1 else None


def _chain_for(flat: str, division) -> tuple[RegionNode, ...]:
    """The division's lineage; a level the text does not name is marked inferred."""
    lineage = gazetteer.lineage(division)
    nodes = []
    for upper, lower in zip(lineage, lineage[1:] + [None], strict=True):
        named = upper.name in flat or (
            lower is not None and f"{upper.short_name}{lower.name}" in flat
        )
        inferred = upper is not division and not named
        nodes.append(RegionNode(upper.name, upper.level, inferred))
    return tuple(nodes)


def _suffixed(flat, pattern, ends: dict, claim, role: str) -> list[Mention]:
    """Townships (学苑街道) and communities (谢家坝社区) found by their ending.

    A name is trusted where it follows its county or a function word (以白果社区为例);
    elsewhere only if it was trusted once already (提升社区 never is).
    """
    found = []
    for match in pattern.finditer(flat):
        suffix = match.group()
        if role == "community" and suffix == "村" and (
            flat[match.end() : match.end() + 1] in NOT_AFTER_VILLAGE
        ):
            continue
        name_start = _name_start(flat, match.start(), ends)
        if name_start is None:
            continue
        left = flat[name_start - 1 : name_start]
        strong = name_start in ends or left in FUNCTION_WORDS
        found.append((name_start, match.end(), suffix, strong))
    trusted = {flat[start:end] for start, end, _, strong in found if strong}
    mentions = []
    for start, end, suffix, _ in found:
        name = flat[start:end]
        if name not in trusted or not claim(start, end):
            continue
        parent = ends.get(start)
        if role == "township":
            if parent is None:
                continue  # a township is only trusted right after its county
            chain = tuple(n for n in parent.chain if n.level != "township")
            mentions.append(Mention(start, end, (*chain, RegionNode(name, "township")),
                                    "place"))
        else:
            kind = "村" if suffix == "村" else "社区"
            chain = parent.chain if parent else ()
            mentions.append(Mention(start, end, chain, "community", kind))
    return mentions


def _name_start(flat: str, suffix_start: int, ends: dict) -> int | None:
    """Where the name before a 社区/街道 ending begins, or None if it is not a name."""
    valid = []
    for size in (4, 3, 2):
        start = suffix_start - size
        if start < 0:
            continue
        stem = flat[start:suffix_start]
        if not re.fullmatch(f"[{HAN}]+", stem) or stem in GENERIC_NAMES:
            continue
        if stem.endswith(GENERIC_ENDINGS):
            continue
        if any(char in NOT_IN_NAMES for char in stem):
            continue
        left = flat[start - 1] if start else ""
        if start in ends or not left or left in FUNCTION_CHARS or not re.match(
            f"[{HAN}]", left
        ):
            valid.append((start, stem))
    for start, _ in valid:
        if start in ends:
            return start  # 温县武德镇: the name starts where the county ends
    for start, stem in valid:
        if stem[0] not in FUNCTION_CHARS:
            return start
    return valid[0][0] if valid else None


# ---------------------------------------------------------------------------
# Figures

CLAUSE_BREAK = set("，,。；;！!？?：:")
PERIOD_RE = re.compile(
    r"(截至目前|截止目前|目前|如今|至今|今年以来|去年以来|近年来|近三年|\d{4}年以来|"
    r"\d{1,2}月份?以来|\d{4}年|今年|去年一年|去年|累计|每周|每天|每日|每月|每季度|每年|"
    r"半月内|到\d{4}年底)"
)
PREFIX_TO_QUALIFIER = {"超过": "超", "多达": "", "达": ""}
KIND_BY_UNIT = {
    "%": "rate", "人": "people", "名": "people", "位": "people", "人次": "people",
    "元": "money", "万元": "money", "亿元": "money", "平方米": "area", "亩": "area",
    "小时": "duration", "分钟": "duration", "天": "duration", "年": "duration",
    "月": "duration",
}
NAME_AFTER_FIGURE_RE = re.compile(rf"^[{HAN}]{{0,6}}(圈|工作法)")
SINGLE_ONE_UNITS = ("次",)  # 一 is “a”: keep 一次 only, not 一批, 一支, 一个


def find_metrics(article: _Article, quoted: list[QuotedName]) -> list[ProposedMetric]:
    flat = article.flat
    # Figures inside a quoted name (“三个坚持”) are part of the name, not in speech.
    names = [(q.start, q.end) for q in quoted if len(q.name) <= 20
             and not re.search(r"[，,。！？]", q.name)]
    inside_quotes = _covered(names, len(flat))
    metrics = []
    for figure in find_figures(article.text):
        if _is_noise(flat, figure, inside_quotes):
            continue
        start, end = _clause(flat, figure.start, figure.end)
        quote = article.original(start, end)
        qualifier = PREFIX_TO_QUALIFIER.get(figure.qualifier, figure.qualifier)
        if not (quote_is_in(quote, article.text) and states_value(
            quote, figure.value, figure.value_max, figure.unit
        )):
            continue
        kind = KIND_BY_UNIT.get(figure.unit, "count")
        if kind == "rate" and figure.value > 100:
            kind = "other"
        metrics.append(ProposedMetric(
            value=figure.value,
            value_max=figure.value_max,
            unit=figure.unit,
            qualifier=qualifier,
            period=_period(flat, figure.start),
            kind=kind,
            subject=_subject(flat, start, end, figure),
            quote=quote,
            start=figure.start,
        ))
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
    sentence_start = max(
        (flat.rfind(mark, 0, position) for mark in "。！？"), default=-1
    ) + 1
    found = list(PERIOD_RE.finditer(flat, sentence_start, position))
    return found[-1].group()[:40] if found else ""


def _subject(flat: str, start: int, end: int, figure: Figure) -> str:
    """What is counted: the clause without its figure and time words."""
    head = flat[start : figure.start]
    tail = flat[figure.end : end]
    head = PERIOD_RE.sub("", head).lstrip("，、已共累计先后")
    subject = head if len(head) >= 2 else tail
    subject = subject.strip("“”‘’\"，、。 ")
    return (subject or flat[start:end])[:100]


# ---------------------------------------------------------------------------
# Putting it together


def _attach(article: _Article, mentions: list[Mention], quoted: list[QuotedName],
            metrics: list[ProposedMetric]) -> list[ProposedPlace]:
    """Give each practice, figure and community to the place named last before it."""
    places: dict[tuple[RegionNode, ...], ProposedPlace] = {}
    timeline: list[tuple[int, ProposedPlace]] = []
    active: ProposedPlace | None = None
    for mention in mentions:
        if mention.role == "community":
            if mention.chain and mention.chain in places:
                target = places[mention.chain]
            else:
                target = active
            if target is not None:
                entry = (article.flat[mention.start : mention.end], mention.kind)
                if entry not in target.communities:
                    target.communities.append(entry)
            continue
        if mention.role != "place":
            continue
        if active is not None and _is_prefix(mention.chain, active.chain):
            continue  # 自贡市 while talking about 学苑街道: same place
        place = places.get(mention.chain)
        if place is None:
            place = ProposedPlace(
                chain=mention.chain,
                start=mention.start,
                summary=_sentence(article, mention.start),
            )
            places[mention.chain] = place
        active = place
        timeline.append((mention.start, place))
    if not timeline:
        return []

    def owner(position: int) -> ProposedPlace:
        current = timeline[0][1]
        for start, place in timeline:
            if start > position:
                break
            current = place
        return current

    for name in quoted:
        if name.is_practice:
            place = owner(name.start)
            if name.name not in place.practices:
                place.practices.append(name.name)
    for metric in metrics:
        owner(metric.start).metrics.append(metric)
    # A place only named on the way to a deeper one (江阴市 › 江阴高新区) folds in.
    kept = [p for p in places.values() if not p.is_empty]
    return sorted(kept, key=lambda p: p.start)


def _is_prefix(short: tuple, long: tuple) -> bool:
    return len(short) <= len(long) and long[: len(short)] == short


def _sentence(article: _Article, position: int) -> str:
    flat = article.flat
    start = max((flat.rfind(mark, 0, position) for mark in "。！？"), default=-1) + 1
    end_marks = [flat.find(mark, position) for mark in "。！？"]
    end = min((e for e in end_marks if e >= 0), default=len(flat))
    return article.original(start, min(end + 1, len(flat)))[:500]


# ---------------------------------------------------------------------------
# Saving


class ImportRejected(Exception):
    """An article that cannot be imported; the message is shown to the curator."""


def known_regions_from_db() -> list[KnownRegion]:
    from cases.models import Region

    regions = list(Region.objects.only("pk", "name", "level", "inferred", "path"))
    by_pk = {region.pk: region for region in regions}
    known = []
    for region in regions:
        ids = [int(part) for part in region.path.strip("/").split("/")]
        chain = tuple(
            RegionNode(by_pk[pk].name, by_pk[pk].level, by_pk[pk].inferred)
            for pk in ids if pk in by_pk
        )
        known.append(KnownRegion(chain))
    return known


def save_proposal(proposal: Proposal, origin: str, title: str = ""):
    """Create the source article and one draft initiative per place; all or nothing."""
    from cases.loading import LoadReport, region_from_chain
    from cases.models import Community, Initiative, Metric, Practice, SourceArticle

    origin = origin.strip()
    if not proposal.text.strip():
        raise ImportRejected("文章内容为空。")
    if len(proposal.text) > MAX_TEXT_CHARS:
        raise ImportRejected(f"文章过长，最多 {MAX_TEXT_CHARS} 字，请分篇导入。")
    if not origin:
        raise ImportRejected("请填写来源（文件名或网址）。")
    if SourceArticle.objects.filter(origin=origin).exists():
        raise ImportRejected(f"来源“{origin}”已导入过，请勿重复导入。")
    if not proposal.places:
        raise ImportRejected("未能在文章中识别出任何地点，无法生成案例草稿。")
    report = LoadReport()
    created = []
    with transaction.atomic():
        article = SourceArticle.objects.create(
            origin=origin, title=(title.strip() or origin)[:300], text=proposal.text
        )
        for number, place in enumerate(proposal.places, start=1):
            region = region_from_chain(
                [{"name": n.name, "level": n.level, "inferred": n.inferred}
                 for n in place.chain],
                report,
            )
            initiative = Initiative.objects.create(
                slug=_free_slug(f"import-{article.pk}-{number}"),
                title=f"{place.name}：{_headline(place)}"[:200],
                summary=place.summary or place.chain_text,
                region=region,
                status=Initiative.Status.DRAFT,
            )
            initiative.sources.add(article)
            initiative.communities.set([
                Community.objects.get_or_create(
                    region=region, name=name[:60], defaults={"kind": kind}
                )[0]
                for name, kind in place.communities
            ])
            initiative.practices.set([
                Practice.objects.get_or_create(name=name)[0]
                for name in place.practices if len(name) <= 80
            ])
            for position, proposed in enumerate(place.metrics):
                metric = Metric(
                    initiative=initiative, source=article, position=position,
                    subject=proposed.subject, kind=proposed.kind,
                    value=proposed.value, value_max=proposed.value_max,
                    unit=proposed.unit, qualifier=proposed.qualifier,
                    period=proposed.period, quote=proposed.quote,
                )
                metric.full_clean()
                metric.save()
            created.append(initiative)
    return created


def _headline(place: ProposedPlace) -> str:
    if place.practices:
        names = "、".join(f"“{name}”" for name in place.practices[:2])
        return f"{names}等做法（待审核）"
    return "导入草稿（待审核）"


def _free_slug(base: str) -> str:
    from cases.models import Initiative

    slug, n = base, 1
    while Initiative.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
