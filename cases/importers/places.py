"""Places an article names, as region chains (gazetteer, database, text)."""

import re
from dataclasses import dataclass

from cases.importers.names import QuotedName
from cases.importers.proposal import HAN, KnownRegion, RegionNode
from cases.lib import gazetteer

ZONE_RE = re.compile(r"(高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区)")
TOWNSHIP_RE = re.compile(r"(街道办事处|街道|办事处|镇)")
COMMUNITY_RE = re.compile(r"(社区|村)")
# Characters that end a word before a place name: 让金海社区 → 金海社区.
FUNCTION_CHARS = set("在以让和与及的是为对到从将把由向至等了被给于使据")
FUNCTION_CHARS |= set('、，,。：:；;！？（）()“”‘’"《》■#')
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
    inside_quotes = covered_positions([(q.start, q.end) for q in quoted], len(flat))
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
                mentions.append(
                    _mention(flat, match.start(), match.end(), known_region.chain)
                )
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


def covered_positions(spans: list[tuple[int, int]], length: int) -> list[bool]:
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
    fitting = [
        d
        for d in candidates
        if any(a.code in context for a in gazetteer.lineage(d)[:-1])
    ]
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
        if (
            role == "community"
            and suffix == "村"
            and (flat[match.end() : match.end() + 1] in NOT_AFTER_VILLAGE)
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
            mentions.append(
                Mention(start, end, (*chain, RegionNode(name, "township")), "place")
            )
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
        if (
            start in ends
            or not left
            or left in FUNCTION_CHARS
            or not re.match(f"[{HAN}]", left)
        ):
            valid.append((start, stem))
    for start, _ in valid:
        if start in ends:
            return start  # 温县武德镇: the name starts where the county ends
    for start, stem in valid:
        if stem[0] not in FUNCTION_CHARS:
            return start
    return valid[0][0] if valid else None
