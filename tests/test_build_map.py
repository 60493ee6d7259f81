"""The boundary build (benchmarks/map_boundaries.py), on shapes made for the tests: the
projection, the path data, coverage simplification, island dots and the inset."""

import re

import pytest

shapely = pytest.importorskip("shapely")
np = pytest.importorskip("numpy")

from shapely.geometry import LineString, MultiLineString, Polygon, box  # noqa: E402

from benchmarks import map_boundaries as build_map  # noqa: E402
from benchmarks.map_boundaries import Division, MapSpec  # noqa: E402

SPEC = MapSpec(size=400, tolerance=1.0, min_area=4.0)


def polygons(d: str) -> list[Polygon]:
    """The rings of path data written by svg_path, as polygons in map units."""
    rings = []
    for move, moves in re.findall(r"M(-?\d+ -?\d+)l([^z]*)z", d.replace("-", " -")):
        x, y = map(int, move.split())
        ring = [(x, y)]
        steps = list(map(int, moves.split()))
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(Polygon(ring))
    return rings


def area(name, geometry, code="000000"):
    return Division(code, name, "省", geometry)


def test_the_projection_puts_the_central_meridian_upright_and_north_up():
    xy = build_map.albers(np.array([[105.0, 30.0], [100.0, 30.0], [110.0, 30.0]]))
    assert xy[0, 0] == pytest.approx(0)
    assert xy[1, 0] == pytest.approx(-xy[2, 0])
    north, south = build_map.albers(np.array([[105.0, 50.0], [105.0, 20.0]]))
    assert north[1] < south[1]


def test_path_data_is_a_move_then_relative_lines():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert build_map.svg_path([square]) == "M0 0l10 0 0 10-10 0z"


def test_repeated_points_are_dropped_and_collapsed_rings_left_out():
    ring = [(5, 5), (5, 5), (8, 5), (8, 9), (8, 9)]
    assert build_map.svg_path([ring]) == "M5 5l3 0 0 4z"
    assert build_map.svg_path([[(1, 1), (2, 2), (1, 1)]]) == ""


def test_lines_are_open_paths():
    assert build_map.svg_lines([(3, 4), (5, 1), (5, 1)]) == "M3 4l2-3"


def test_neighbours_keep_one_common_border_after_simplification():
    # Two provinces sharing a border that wiggles less than the tolerance.
    wiggles = [(110 + i * 0.05, 30 + (0.005 if i % 2 else 0)) for i in range(101)]
    north = Polygon([*wiggles, (115, 35), (110, 35)])
    south = Polygon([*wiggles, (115, 25), (110, 25)])
    drawn = build_map.draw([area("北", north), area("南", south)], SPEC)
    assert max(drawn["width"], drawn["height"]) <= SPEC.size
    (top,), (bottom,) = (polygons(a["d"]) for a in drawn["areas"])
    assert top.intersection(bottom).area == pytest.approx(0, abs=1)  # no overlap
    # Nor a gap: one common border, from the outline on one side to the other.
    whole = shapely.union_all([top, bottom])
    assert whole.geom_type == "Polygon" and not whole.interiors
    border = shapely.line_merge(top.intersection(bottom))
    assert border.geom_type == "LineString"
    for end in border.boundary.geoms:
        assert whole.exterior.distance(end) == 0
    simplified_points = len(top.exterior.coords) + len(bottom.exterior.coords)
    assert simplified_points < len(wiggles)


def test_a_small_island_far_from_land_is_a_dot_and_one_near_it_is_left_out():
    land = box(110, 30, 115, 35)
    near = box(115.02, 32, 115.03, 32.01)
    far = box(118, 32, 118.01, 32.01)
    geometry = shapely.MultiPolygon([land, near, far])
    drawn = build_map.draw([area("省", geometry)], SPEC)
    rings = polygons(drawn["areas"][0]["d"])
    assert len(rings) == 2
    dot = min(rings, key=lambda ring: ring.area)
    assert dot.area == build_map.DOT**2


def test_a_place_too_small_to_draw_is_still_a_dot():
    big = box(100, 20, 120, 40)
    tiny = box(110.3, 20 - 0.02, 110.32, 20)
    drawn = build_map.draw([area("大", big), area("小", tiny)], SPEC)
    (dot,) = polygons(drawn["areas"][1]["d"])
    assert dot.area == build_map.DOT**2


def test_the_south_is_drawn_in_an_inset_clear_of_the_main_map():
    mainland = box(108, 20, 118, 28)
    islands = shapely.MultiPolygon(
        [box(108.5, 18.2, 110.5, 20), box(112, 8, 112.5, 8.5), box(114, 10, 115, 11)]
    )
    dashes = MultiLineString([LineString([(109, 6), (109, 7)]), [(121, 21), (122, 22)]])
    drawn = build_map.draw(
        [area("陆", mainland), area("岛", islands)], SPEC, dashes=dashes
    )
    x, y, width, height = drawn["inset"]
    frame = box(x, y, x + width, y + height)
    assert x + width <= drawn["width"] and y + height <= drawn["height"]
    main = polygons(drawn["areas"][0]["d"])
    inside = [p for p in main if p.within(frame)]
    outside = [p for p in main if not p.intersects(frame)]
    assert inside and outside  # the mainland's coast shows at the top of the inset
    island_rings = polygons(drawn["areas"][1]["d"])
    far_south = [p for p in island_rings if p.within(frame)]
    assert len(far_south) >= 2  # the islands at 8°N and 10°N
    assert drawn["dashes"].count("M") == 3  # one dash in the main map, two inset
