"""The case map in a real browser: clicking and keyboard navigation, accessibility,
and how it looks on a desktop and a phone."""

import re

import pytest

from cases.models import Case, Region
from tests.browser.conftest import PHONE, SCREENSHOTS, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTED = re.compile(r"^(.+)：(\d+) 个案例$")


def test_click_a_province_on_the_home_map_to_arrive_at_its_page(site, page):
    henan = Region.objects.get(name="河南省")
    count = Case.objects.published().in_region(henan).count()
    page.goto(site + "/")
    page.locator(".region-map").get_by_role(
        "link", name=f"河南省：{count} 个案例"
    ).click()
    page.wait_for_url(re.compile(rf"/regions/{henan.pk}/$"))
    assert page.locator("h1").inner_text() == "河南省"
    assert f"共 {count} 个案例" in page.locator("main").inner_text()


def test_tab_reaches_each_province_with_cases_with_a_visible_outline(site, page):
    page.goto(site + "/")
    links = page.locator(".region-map a")
    expected = [COUNTED.match(name).group(1) for name in _names(links)]
    assert (
        len(expected) == Region.objects.with_published_cases().filter(depth=0).count()
    )
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if focused.evaluate("el => !!el.closest('.region-map')"):
            name = focused.evaluate("el => el.querySelector('title').textContent")
            reached.append(COUNTED.match(name).group(1))
            shape = focused.evaluate(
                "el => { const s = getComputedStyle(el.querySelector('path'));"
                " return [s.stroke, s.strokeWidth]; }"
            )
            assert shape == ["rgb(11, 92, 173)", "3px"], name  # the --focus colour
        elif reached:
            break
    assert reached == expected
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/regions/\d+/$"))
    assert page.locator("h1").inner_text() == expected[-1]


def test_the_maps_have_no_serious_accessibility_violations(site, page, axe):
    henan = Region.objects.get(name="河南省")
    for url in ("/", henan.get_absolute_url()):
        page.goto(site + url)
        page.locator(".map-data summary").click()  # the table too
        assert page.locator(".map-data table").is_visible()
        assert serious_violations(page, axe) == [], url


def test_a_province_page_maps_its_cities(site, page):
    henan = Region.objects.get(name="河南省")
    page.goto(site + henan.get_absolute_url())
    names = [
        COUNTED.match(name).group(1) for name in _names(page.locator(".region-map a"))
    ]
    assert {"郑州市", "焦作市"} <= set(names)
    page.locator(".region-map").get_by_role("link", name=re.compile("^焦作市")).click()
    assert page.locator("h1").inner_text() == "焦作市"
    assert page.locator(".region-map a").count() >= 1  # its counties


def test_screenshots_of_the_map_on_a_desktop_and_a_phone(site, page, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(site + "/")
    page.locator(".region-map").screenshot(path=str(SCREENSHOTS / "map-desktop.png"))
    phone = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    phone.goto(site + "/")
    box = phone.locator(".region-map svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    phone.locator(".region-map").screenshot(path=str(SCREENSHOTS / "map-phone.png"))
    phone.context.close()


def _names(links):
    return links.evaluate_all(
        "links => links.map(a => a.querySelector('title').textContent)"
    )
