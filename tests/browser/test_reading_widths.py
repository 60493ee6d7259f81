"""The pages this work changed, at a phone's width (390 px) and on a desktop: no
sideways scrolling, figures readable, nothing axe calls serious."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cases.models import Case, Region
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=NARROW, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_compare_chart_fits_a_phone_with_every_value_in_view(site, phone):
    phone.goto(site + reverse("cases:compare") + "?subject=办结率")
    assert scroll_width(phone) <= NARROW["width"]
    values = phone.locator(".bar-chart .bar-value")
    assert values.count() >= 5
    for box in (values.nth(i).bounding_box() for i in range(values.count())):
        assert 0 <= box["x"] and box["x"] + box["width"] <= NARROW["width"]


def test_a_case_page_fits_a_phone_and_its_table_rows_stack(site, phone):
    case = Case.objects.get(slug="jianou-dangjian-yinqing-shequ-zhili")
    phone.goto(site + case.get_absolute_url())
    assert scroll_width(phone) <= NARROW["width"]
    link = phone.locator("#figures ~ .table-scroll a", has_text="原文").first
    height = link.bounding_box()["height"]
    line = float(link.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert height < 2 * line  # 原文 on one line, not a character per line


@pytest.mark.parametrize("width", [1280, NARROW["width"]])
def test_the_region_page_lists_cases_first_and_summarises_figures(site, page, width):
    """河南省 was 6,243 px tall (13,718 on a phone) with a table of every figure."""
    page.set_viewport_size({"width": width, "height": 900})
    henan = Region.objects.get(name="河南省")
    page.goto(site + henan.get_absolute_url())
    cases = page.locator("section[aria-labelledby='cases-title']").bounding_box()
    figures = page.locator("section[aria-labelledby='figures-title']").bounding_box()
    assert cases["y"] < 400  # the cases come first
    assert cases["y"] < figures["y"]
    assert figures["height"] < 300  # a summary and a link, not the table
    # No table of figures (the map's table of cases per city is another matter).
    assert page.locator("section[aria-labelledby='figures-title'] table").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    drawn = page.locator("figure.region-map").first.bounding_box()  # the cities' map
    assert height - cases["height"] - drawn["height"] < 1200


def test_changed_pages_have_no_serious_accessibility_violations(site, page, axe):
    case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
    henan = Region.objects.get(name="河南省")
    urls = [
        case.get_absolute_url(),
        case.sources.first().get_absolute_url(),
        reverse("cases:compare"),
        reverse("cases:compare") + "?subject=办结率",
        reverse("cases:region-index"),
        henan.get_absolute_url(),
        reverse("cases:region-figures", args=[henan.pk]),
        "/no-such-page/",
    ]
    for width in (1280, NARROW["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(site + url)
            assert serious_violations(page, axe) == [], (url, width)


def test_the_case_form_is_compact(site, page):
    User.objects.create_superuser("curator", "c@example.org", "s3cret-pass")
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", "s3cret-pass")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    case = Case.objects.get(slug="jiaozuo-jiefangqu-wangchu-wangge-jia")
    assert case.metrics.count() >= 12  # the page the issue measured: 12 figures
    page.goto(site + reverse("admin:cases_case_change", args=[case.pk]))
    assert page.evaluate("document.documentElement.scrollHeight") < 9850 / 2
