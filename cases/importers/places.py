"""Places an article names, as region chains (gazetteer, database, text)."""

import re
from dataclasses import dataclass

from cases.importers.names import QuotedName
from cases.importers.proposal import HAN, KnownRegion, RegionNode
from cases.importers.subjects import tag_words
from cases.lib import gazetteer

ZONE_RE = re.compile(r"(高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|新区)")
TOWNSHIP_RE = re.compile(r"(街道办事处|街道|办事处|街办|镇|乡)")
# 街办 is how reports shorten 街道办事处; the place is the 街道.
SHORT_STREET_OFFICE = "街办"
COMMUNITY_RE = re.compile(r"(社区|村)")
ESTATE_RE = re.compile(r"(小区)")
# Characters that end a word before a place name: 让金海社区 → 金海社区.
FUNCTION_CHARS = set("在以让和与及的是为对到从将把由向至等了被给于使据")
FUNCTION_CHARS |= set('、，,。：:；;！？（）()“”‘’"《》■#')
FUNCTION_WORDS = set("在以让和与及的是为对从将把由向至等了被给于使据")
# After these a community name is trusted: 、星火社区, ，李河村, ”龙山社区.
TRUSTING_MARKS = set('、，,。：:；;！？“”‘’"')
# Verbs after which a place name starts: 走进东王庄村, 位于城北社区.
VERBS_BEFORE_NAMES = (
    "走进",
    "来到",
    "位于",
    "地处",
    "深入",
    "前往",
    "进入",
    "入驻",
    "排查",
    "走访",
    "进",
)
# Numerals may be part of a name (五里墩街道, 十里铺镇, 东环一三村); measure words and
# pronouns never are (三个社区, 这个村).
NOT_IN_NAMES = set("到在个的了们这那各每该某此百千万两几数全驻名所条不")
GENERIC_NAMES = set(
    """下沉 乡村 乡镇 书香 互嵌式 党员 党建 全村 共建 其他 农村 包括
    参与 友好 各类 周边 和美 和谐 回到 城中村 城乡 城区 城市 城镇
    基层 学习 宜居 实现 家园 小区 居住 居民 工作 带领 平安 幸福
    建设 开展 志愿 成熟 所在 所属 扎根 打造 推动 文明 新型 智慧
    服务 本地 本村 来到 枫桥式 楼院 民族 治理 活力 深入 温馨 熟人
    特色 特色小 相关 示范 示范村 社区 组织 网格 美丽 美丽乡村 老旧
    联系 自然村 融入 行政村 街道 覆盖 试点 走进 辖区 进入 进村
    重点村 青年 驻村 全国文明 文明 示范镇 乡贤 集镇 村镇 城关 城中""".split()
)
# Words that end a verb or adjective phrase before 社区 (大力开展社区, 优秀社区).
GENERIC_ENDINGS = tuple(
    """开展 参与 加强 改善 优秀 年轻 传统 满足 邻近 幸福 提升 推进
    建设 服务 治理 融入 担任 为 城市 农村 乡村 全 各 本 好""".split()
)
# Words before 乡 that make 家乡, 返乡, 城乡 rather than a township.
NOT_BEFORE_XIANG = tuple("返 下 回 故 同 老 异 家 外 他 城 望 思 还 本".split())
ORG_AFTER = tuple(
    """委 局 供电 公安 法院 检察 人民 政府 医院 税务 市场 科学 卫生
    医疗 教育 银行 农商 融媒 日报 驻 社工部 组织部""".split()
)
NOT_AFTER_VILLAGE = set("民级里干落容貌组务庄集委头口镇规")
# 乡 ends a township name, but also these words: 乡村, 乡镇, 乡贤, 乡亲, 乡土.
NOT_AFTER_XIANG = set("村镇贤亲土愁情音里下民风")
# Part-of-speech tags a name does not end with (jieba's tagger).
VERB_FLAGS = ("v", "vd", "d", "p", "c", "ad", "u", "r")
# Verbs and adjectives these reports put before 社区 or 街道 that the tagger takes
# for nouns (指导社区, 优化街道, 畅通社区).
VERBS_BEFORE_PLACE_WORDS = tuple(
    """指导 利用 优化 壮大 畅通 规范 落实 鼓励 打破 推动 建立 清理 解决 依托 围绕
    精准 绘就 动力 提交 覆盖 联系 包联 下沉 服务于 深耕 扎根 聚焦 立足 全体 新进""".split()
)
# Prefecture cities without counties, whose towns sit right below them.
CITIES_WITHOUT_COUNTIES = {"东莞市", "中山市", "儋州市", "嘉峪关市"}
# A bracketed part of a township name: 北街(中街)街道.
BRACKETED_RE = re.compile(rf"[{HAN}]{{2,4}}[（(][{HAN}]{{1,3}}[)）]$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    chain: tuple[RegionNode, ...]
    # "place", "context" (an office named after a place), "community", or "break"
    # (a paragraph's start, where a name may begin)
    role: str
    kind: str = ""  # Community.Kind for a community


def find_places(
    flat: str,
    known: list[KnownRegion],
    quoted: list[QuotedName],
    paragraph_starts: set[int] = frozenset(),
) -> list[Mention]:
    """Every place the text names, in order, with its province-first chain.
    ``paragraph_starts`` are offsets where a name may begin a paragraph."""
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
        division = _pick(candidates, context, flat, start)
        if division is None or not claim(start, end):
            continue
        chain = _chain_for(flat, division)
        if zone:
            level = "county" if division.level == "city" else "township"
            chain = (*chain, RegionNode(zone, level))
        mentions.append(_mention(flat, start, end, chain))
    mentions.sort(key=lambda m: m.start)
    # A paragraph's start ends the word before it, as a place's end does.
    breaks = [Mention(start, start, (), "break") for start in paragraph_starts]
    mentions += _townships(flat, mentions + breaks, claim)
    mentions.sort(key=lambda m: m.start)
    mentions += _communities(flat, COMMUNITY_RE, mentions + breaks, claim)
    mentions.sort(key=lambda m: m.start)
    mentions += _communities(flat, ESTATE_RE, mentions + breaks, claim)
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


def _pick(candidates, context: set[str], flat: str, start: int):
    if len(candidates) == 1:
        return candidates[0]
    for division in candidates:  # 南京鼓楼区: the city written short just before
        city = gazetteer.lineage(division)[:-1]
        if (
            city
            and city[-1].short_name
            and flat.endswith(city[-1].short_name, 0, start)
        ):
            return division
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


def _townships(flat: str, places: list[Mention], claim) -> list[Mention]:
    """Townships (学苑街道, 石桥乡, 北街(中街)街道) found by their ending.

    A township is trusted right after its county (温县武德镇) or the county's short
    name (启东惠萍镇); once trusted, every mention of it counts. A township the text
    names on its own belongs to the county the text names nearest before it (or
    after, when it comes first). Only where the text names no county at all is it
    proposed without one, for the curator to complete.
    """
    parents = {
        m.end: m for m in places if m.role == "place" and m.chain and _can_hold_towns(m)
    }
    breaks = {m.start for m in places if m.role == "break"}
    counties = [
        m for m in places if m.role == "place" and m.chain and _can_hold_towns(m)
    ]
    short = gazetteer.by_short_name()
    named = covered_positions([(m.start, m.end) for m in places], len(flat))
    found = []  # (match, starts, chained start or None, chain or None)
    for match in TOWNSHIP_RE.finditer(flat):
        if match.group() == "乡" and (
            flat[match.end() : match.end() + 1] in NOT_AFTER_XIANG
            or flat.endswith(NOT_BEFORE_XIANG, 0, match.start())
        ):
            continue
        starts = _township_starts(flat, match.start())
        name_start, chain = None, None
        for start in starts:
            if start in parents:  # 温县武德镇
                parent = parents[start].chain
                name_start = start
                chain = tuple(n for n in parent if n.level != "township")
                break
        for start in starts if name_start is None else ():
            county = _county_written_short(flat, start, short, named)
            if county is not None:  # 启东惠萍镇
                name_start, chain = start, _chain_for(flat, county)
                break
        found.append((match, starts, name_start, chain))
    # Names written on their own somewhere (after punctuation, at a paragraph's
    # start): 成立关上街道 is 关上街道, which the text also writes alone.
    alone_names = {
        flat[start : match.end()]
        for match, starts, name_start, _ in found
        if name_start is None
        for start in starts
        if start in breaks or _stands_alone(flat, start)
    }
    candidates = []  # (start, end, name, chain or None)
    for match, starts, name_start, chain in found:
        if name_start is None:
            options = [s for s in starts if flat[s : match.end()] in alone_names]
            if not options:
                continue
            name_start = max(  # the name written most often, then the shorter
                options, key=lambda s: (flat.count(flat[s : match.end()]), s)
            )
        name = flat[name_start : match.end()]
        candidates.append((name_start, match.end(), name, chain))
    trusted = {name: chain for _, _, name, chain in candidates if chain}
    mentions = []
    for start, end, name, chain in candidates:
        chain = chain or trusted.get(name)
        if chain is None:
            if start not in breaks and not _stands_alone(flat, start):
                continue
            county = _nearest(counties, start)
            if county is not None:
                chain = tuple(n for n in county.chain if n.level != "township")
            elif not counties:
                chain = ()  # no county in the text: the curator completes it
            else:
                continue
        if not claim(start, end):
            continue
        if flat.startswith(ORG_AFTER, end):
            continue  # 珠海市驻长坡镇工作队, 梅江镇政府: an office, not the place
        if name.endswith(SHORT_STREET_OFFICE):
            name = name.removesuffix(SHORT_STREET_OFFICE) + "街道"
        mentions.append(
            Mention(start, end, (*chain, RegionNode(name, "township")), "place")
        )
    return mentions


def _county_written_short(flat: str, start: int, short: dict, named: list[bool]):
    for size in (3, 2):
        if start < size or any(named[start - size : start]):
            continue
        stem = flat[start - size : start]
        counties = [d for d in short.get(stem, ()) if d.level == "county"]
        if len(counties) == 1:
            return counties[0]
    return None


def _can_hold_towns(mention: Mention) -> bool:
    leaf = mention.chain[-1]
    return leaf.level == "county" or leaf.name in CITIES_WITHOUT_COUNTIES


def _nearest(counties: list[Mention], position: int) -> Mention | None:
    before = [m for m in counties if m.start < position]
    if before:
        return before[-1]
    return counties[0] if counties else None


def _stands_alone(flat: str, start: int) -> bool:
    """A name begins here on its own: after punctuation, a function word or a verb
    of place, or at the start of the text."""
    left = flat[start - 1 : start]
    return (
        not left
        or left in FUNCTION_CHARS
        or not re.match(f"[{HAN}]", left)
        or flat.endswith(VERBS_BEFORE_NAMES, 0, start)
    )


def _township_starts(flat: str, suffix_start: int) -> list[int]:
    """Where a township name before a 街道/镇/乡 ending may begin, longest first."""
    stem_end = suffix_start
    bracketed = BRACKETED_RE.search(flat, max(0, suffix_start - 9), suffix_start)
    if bracketed:  # 北街(中街)街道: the name runs up to its bracket
        stem_end = suffix_start - len(re.search(r"[（(].*$", bracketed.group())[0])
    starts = []
    for size in (4, 3, 2):
        start = stem_end - size
        stem = flat[start:stem_end]
        if start < 0 or not re.fullmatch(f"[{HAN}]+", stem):
            continue
        if stem in GENERIC_NAMES or stem.endswith(GENERIC_ENDINGS):
            continue
        if stem[0] in FUNCTION_WORDS or stem[-1] in FUNCTION_WORDS:
            continue  # 是九连城镇, 党委和村
        if _reads_as_verb(stem):
            continue  # 提交街道, 优化街道
        if any(char in NOT_IN_NAMES for char in stem):
            continue
        starts.append(start)
    return starts


def _communities(flat, pattern, places: list[Mention], claim) -> list[Mention]:
    """Communities (谢家坝社区), villages (李河村) and estates (金河湾小区).

    A name is trusted where it follows a place, punctuation, a function word or a
    verb of place (走进东王庄村); elsewhere only if it was trusted once already
    (提升社区 never is).
    """
    ends = {m.end: m for m in places}
    found = []
    for match in pattern.finditer(flat):
        suffix = match.group()
        after = flat[match.end() : match.end() + 2]
        if (
            suffix == "村"
            and after[:1] in NOT_AFTER_VILLAGE
            and after not in ("组建", "委会")  # 北冷村组建, 旺利村委会
        ):
            continue
        name_start = _name_start(flat, match.start(), ends)
        if name_start is None or (suffix == "村" and flat[match.start() - 1] == "乡"):
            continue  # 推动乡村: the countryside, not a village
        strong = (
            name_start in ends
            or flat[name_start - 1 : name_start] in FUNCTION_WORDS | TRUSTING_MARKS
            or flat.endswith(VERBS_BEFORE_NAMES, 0, name_start)
            or name_start == 0
        )
        found.append((name_start, match.end(), suffix, strong))
    trusted = {flat[start:end] for start, end, _, strong in found if strong}
    mentions = []
    for start, end, suffix, _ in found:
        name = flat[start:end]
        if name not in trusted or not claim(start, end):
            continue
        if flat.startswith(("委会", "委员会", "两委"), end):
            pass  # 旺利村委会 names the village 旺利村 all the same
        parent = ends.get(start)
        kind = {"村": "村", "小区": "小区"}.get(suffix, "社区")
        chain = parent.chain if parent and parent.role == "place" else ()
        mentions.append(Mention(start, end, chain, "community", kind))
    return mentions


def _reads_as_verb(stem: str) -> bool:
    """指导, 推动成立, 福祉推动: the stem ends in a verb, adverb or the like.
    Single characters are left alone (大石冲村, 五里墩街道 are names)."""
    if stem.endswith(VERBS_BEFORE_PLACE_WORDS):
        return True
    words = tag_words(stem)
    return bool(words) and len(words[-1][0]) > 1 and words[-1][1] in VERB_FLAGS


def _name_start(flat: str, suffix_start: int, ends: dict) -> int | None:
    """Where the name before a 社区/村 ending begins, or None if it is not a name."""
    valid = []
    for size in (4, 3, 2):
        start = suffix_start - size
        if start < 0:
            continue
        stem = flat[start:suffix_start]
        if not re.fullmatch(f"[{HAN}]+", stem) or stem in GENERIC_NAMES:
            continue
        if stem.endswith(GENERIC_ENDINGS) or stem[-1] in FUNCTION_WORDS:
            continue
        if _reads_as_verb(stem):
            continue  # 指导社区, 推动成立小区: a verb before the word, not a name
        if any(char in NOT_IN_NAMES for char in stem):
            continue
        left = flat[start - 1] if start else ""
        if (
            start in ends
            or not left
            or left in FUNCTION_CHARS
            or not re.match(f"[{HAN}]", left)
            or flat.endswith(VERBS_BEFORE_NAMES, 0, start)
        ):
            valid.append((start, stem))
    for start, _ in valid:
        if start in ends:
            return start  # 温县武德镇: the name starts where the county ends
    for start, stem in valid:
        if stem[0] not in FUNCTION_CHARS:
            return start
    return valid[0][0] if valid else None
