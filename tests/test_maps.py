"""The maps of the home, region and case-list pages (cases.maps, _map.html)."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import maps
from cases.models import Case, Region

pytestmark = pytest.mark.django_db


def province(name):
    return Region(name=name, level=Region.Level.PROVINCE, chain=name, depth=0)


def city(province_name, name):
    chain = f"{province_name} › {name}"
    return Region(name=name, level=Region.Level.CITY, chain=chain, depth=1)


def counts(region_map):
    return {area.name: area.count for area in region_map.areas if area.count}


def test_the_country_map_draws_every_province_with_the_south_china_sea_inset():
    country = maps.region_map([])
    names = {area.name for area in country.areas}
    assert len(names) == 34
    assert {"台湾省", "香港特别行政区", "澳门特别行政区", "海南省"} <= names
    assert country.inset is not None
    assert country.dashes.startswith("M")
    x, y, width, height = country.inset
    assert x + width <= country.width and y + height <= country.height
    assert all(area.d.startswith("M") for area in country.areas)


def test_provinces_are_found_by_full_or_short_name():
    country = maps.region_map([(province("河南省"), 7), (province("广西"), 2)])
    assert counts(country) == {"河南省": 7, "广西壮族自治区": 2}


def test_a_region_without_a_boundary_is_listed_but_not_drawn():
    region_map = maps.region_map([(province("河南省"), 3), (province("某某开发区"), 5)])
    assert counts(region_map) == {"河南省": 3}
    assert [(r.name, n, on_map) for r, n, on_map in region_map.counted] == [
        ("某某开发区", 5, False),
        ("河南省", 3, True),
    ]


def test_two_regions_with_one_boundary_draw_the_first_and_list_both():
    region_map = maps.region_map([(province("河南省"), 3), (province("河南"), 1)])
    assert counts(region_map) == {"河南省": 3}
    assert [on_map for _, _, on_map in region_map.counted] == [True, False]


def test_places_with_cases_are_shaded_by_class_and_the_others_left_empty():
    region_map = maps.region_map(
        [(province("河南省"), 30), (province("江西省"), 1), (province("四川省"), 12)]
    )
    shades = {area.name: area.shade for area in region_map.areas}
    assert shades["河南省"] == 5 and shades["江西省"] == 1
    assert 1 < shades["四川省"] < 5
    assert shades["北京市"] == 0
    assert "北京市" in region_map.empty and "河南省" not in region_map.empty


def test_a_province_map_draws_its_cities():
    region_map = maps.region_map([(city("河南省", "郑州市"), 4)], province("河南省"))
    assert counts(region_map) == {"郑州市": 4}
    assert {"焦作市", "济源市"} <= {area.name for area in region_map.areas}
    assert region_map.inset is None


def test_a_municipality_map_draws_its_districts():
    beijing = province("北京市")
    region_map = maps.region_map([(city("北京市", "海淀区"), 2)], beijing)
    assert counts(region_map) == {"海淀区": 2}
    assert len(region_map.areas) == 16


def test_hainan_map_keeps_the_sansha_islands_in_the_south_china_sea_inset():
    region_map = maps.region_map([(city("海南省", "三沙市"), 1)], province("海南省"))
    assert counts(region_map) == {"三沙市": 1}
    assert region_map.inset is not None and region_map.dashes


def test_a_city_map_draws_its_counties():
    zhengzhou = Region(
        name="郑州", level=Region.Level.CITY, chain="河南 › 郑州", depth=1
    )
    county = Region(name="金水区", chain="河南 › 郑州 › 金水区", depth=2)
    region_map = maps.region_map([(county, 6)], zhengzhou)
    assert counts(region_map) == {"金水区": 6}


def test_there_is_no_map_where_there_are_no_boundaries():
    county = Region(name="金水区", chain="河南省 › 郑州市 › 金水区", depth=2)
    assert maps.region_map([], county) is None
    assert maps.region_map([], province("台湾省")) is None
    assert maps.region_map([], province("某某开发区")) is None


def test_home_map_links_each_province_with_cases_named_by_its_count(client):
    response = client.get(reverse("cases:home"))
    html = response.content.decode()
    provinces = response.context["provinces"]
    assert provinces
    for region, n in provinces:
        link = (
            f'<a href="{region.get_absolute_url()}"><title>{region.name}：{n} 个案例'
            "</title>"
        )
        assert link in html
        row = f'<a href="{region.get_absolute_url()}">{region.name}</a></td><td class="num">{n}</td>'
        assert row in html
    assert "<title>北京市：暂无案例</title>" in html
    assert "南海诸岛" in html
    legend = re.search(r'<ul class="map-legend">(.*?)</ul>', html, re.S).group(1)
    assert "暂无案例" in legend
    highest = max(n for _, n in provinces)
    assert f"{highest} 个案例" in legend or f"–{highest} 个案例" in legend


def test_a_province_page_maps_its_cities(client):
    henan = Region.objects.get(name="河南省")
    html = client.get(henan.get_absolute_url()).content.decode()
    jiaozuo = Region.objects.get(name="焦作市")
    n = Case.objects.published().in_region(jiaozuo).count()
    assert f'<a href="{jiaozuo.get_absolute_url()}"><title>焦作市：{n} 个案例' in html


def test_a_city_page_lists_a_zone_without_a_boundary_under_the_map(client):
    zhengzhou = Region.objects.get(name="郑州市")
    html = client.get(zhengzhou.get_absolute_url()).content.decode()
    jinshui = Region.objects.get(name="金水区")
    assert f'<a href="{jinshui.get_absolute_url()}"><title>金水区：' in html
    assert '郑州高新区</a> <span class="muted">（地图上无此地区的边界）' in html


def test_the_list_map_counts_the_search_results_and_narrows_the_search(client):
    response = client.get(reverse("cases:case-list") + "?q=网格")
    html = response.content.decode()
    region_counts = response.context["region_counts"]
    assert region_counts
    for region, n in region_counts:
        assert f"<title>{region.name}：{n} 个案例</title>" in html
        assert (
            f'href="?q=%E7%BD%91%E6%A0%BC&amp;region={region.pk}" tabindex="-1"' in html
        )
    assert 'class="region-map region-map-small" aria-hidden="true"' in html


def test_drawing_a_map_runs_no_query(client):
    """The map shades the counts the page has already made, with links built from
    the regions' stored ids."""
    provinces = client.get(reverse("cases:home")).context["provinces"]
    provinces = [(Region.objects.get(pk=region.pk), n) for region, n in provinces]
    with CaptureQueriesContext(connection) as captured:
        region_map = maps.region_map(provinces)
        html = render_to_string(
            "cases/includes/_map.html", {"map": region_map, "caption": "各省份"}
        )
    assert captured.captured_queries == []
    assert html.count("<a href=") == 2 * len(provinces)  # the map and the table
