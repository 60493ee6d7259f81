"""The maps of the home, region and case-list pages: China by province, a province by
city (a municipality by district), a city by county, shaded by number of cases.

The boundaries are SVG path data generated ahead of time by ``benchmarks/map_boundaries.py``
into ``cases/data/map-*.json`` and read once per process. Regions are stored by name,
so a region finds its boundary by name among its parent's: the full name (河南省) or
the short one (河南). A map shades counts the page has already made: it costs no
query.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cases.lib.choropleth import ScaleClass, scale_classes, shade_of
from cases.lib.gazetteer import Division
from cases.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRY = "100000"
# The file holding the map below a region at each depth (None: the country's).
_FILES = {None: "provinces", 0: "provinces", 1: "counties"}


@dataclass(frozen=True)
class MapArea:
    """One boundary of a map, with the region it stands for and its count, if any
    region does."""

    name: str
    d: str  # SVG path data
    region: Region | None
    count: int
    shade: int  # 0 for none, else 1 (fewest) to choropleth.SHADES


@dataclass(frozen=True)
class RegionMap:
    width: int
    height: int
    areas: list[MapArea]
    classes: list[ScaleClass]
    counted: list[tuple[Region, int, bool]]  # (region, count, on the map), most first
    inset: tuple[int, int, int, int] | None  # x, y, width, height of 南海诸岛
    dashes: str  # path data of the maritime boundary line

    @property
    def empty(self) -> list[str]:
        """The names of the places drawn without cases."""
        return [area.name for area in self.areas if area.region is None]


def region_map(
    counted: Iterable[tuple[Region, int]], parent: Region | None = None
) -> RegionMap | None:
    """The map of the regions right below ``parent`` (the provinces when None) with
    their ``counted`` cases, or None where there are no boundaries at that level."""
    drawn = _map_below(parent)
    if drawn is None:
        return None
    placed: dict[int, tuple[Region, int]] = {}
    rows = []
    for region, count in counted:
        index = drawn.find(region.name)
        on_map = index is not None and index not in placed
        if on_map:
            placed[index] = (region, count)
        rows.append((region, count, on_map))
    classes = scale_classes(max((n for _, n in placed.values()), default=0))
    areas = []
    for index, (name, d) in enumerate(drawn.areas):
        region, count = placed.get(index, (None, 0))
        areas.append(MapArea(name, d, region, count, shade_of(count, classes)))
    return RegionMap(
        width=drawn.width,
        height=drawn.height,
        areas=areas,
        classes=classes,
        counted=sorted(rows, key=lambda row: -row[1]),
        inset=drawn.inset,
        dashes=drawn.dashes,
    )


@dataclass(frozen=True)
class _DrawnMap:
    """A map as the build wrote it, with its areas' names indexed."""

    width: int
    height: int
    areas: list[tuple[str, str]]  # (name, path data)
    codes: list[str]
    inset: tuple[int, int, int, int] | None
    dashes: str
    index: dict[str, int]  # full and short names → position in ``areas``

    @classmethod
    def from_json(cls, drawn: dict) -> "_DrawnMap":
        names = [area["name"] for area in drawn["areas"]]
        index: dict[str, int] = {}
        for position, name in enumerate(names):
            index.setdefault(name, position)
        for position, name in enumerate(names):  # a full name wins over a short one
            index.setdefault(_short(name), position)
        return cls(
            width=drawn["width"],
            height=drawn["height"],
            areas=[(area["name"], area["d"]) for area in drawn["areas"]],
            codes=[area["code"] for area in drawn["areas"]],
            inset=tuple(drawn["inset"]) if "inset" in drawn else None,
            dashes=drawn.get("dashes", ""),
            index=index,
        )

    def find(self, name: str) -> int | None:
        """The position of the area named ``name`` (河南省 or 河南)."""
        found = self.index.get(name)
        return self.index.get(_short(name)) if found is None else found


def _map_below(parent: Region | None) -> _DrawnMap | None:
    """The map of ``parent``'s children, found by following its chain of names down
    from the country's map: 河南省 › 郑州市 is area 郑州市 of area 河南省's map."""
    if parent is not None and parent.depth not in _FILES:
        return None
    code = COUNTRY
    for depth, name in enumerate(parent.chain_names if parent else []):
        above = _maps(_FILES[depth - 1 if depth else None]).get(code)
        position = above.find(name) if above else None
        if position is None:
            return None
        code = above.codes[position]
    return _maps(_FILES[parent.depth if parent else None]).get(code)


@cache
def _maps(name: str) -> dict[str, _DrawnMap]:
    """The maps of one generated file by code, read on first use."""
    with open(DATA_DIR / f"map-{name}.json", encoding="utf-8") as f:
        drawn = json.load(f)["maps"]
    return {code: _DrawnMap.from_json(each) for code, each in drawn.items()}


def _short(name: str) -> str:
    """河南省 → 河南, 延边朝鲜族自治州 → 延边; the name itself when it has no
    ending to strip (河南)."""
    return Division(code="", name=name, level="").short_name or name
