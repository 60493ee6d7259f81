"""The English interface in a real browser: English pages, the language switch,
English queries, the map, accessibility, and how the English home looks."""

import re

import pytest

from cases.models import Case, Region, Theme
from tests.browser.conftest import PHONE, screenshot, serious_violations
from tests.interface_language import chinese_interface_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser):
    """A browser that asks for English: the pages must not care."""
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_the_english_home_and_list_are_in_english(site, english_page):
    for url in ("/en/", "/en/cases/"):
        english_page.goto(site + url)
        assert english_page.locator("html").get_attribute("lang") == "en"
        assert chinese_interface_text(english_page.content()) == [], url
        # Case content stays Chinese, with the note saying so.
        assert english_page.locator("article.card h3[lang=zh-Hans]").count() > 0
        assert (
            "in Chinese" in english_page.locator(".content-language-note").inner_text()
        )
    assert english_page.locator("h1").inner_text() == "Cases"


def test_a_browser_asking_for_english_gets_chinese_at_the_root(site, english_page):
    english_page.goto(site + "/cases/?metric_min=abc")
    assert english_page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "输入一个数字" in english_page.locator(".errors").inner_text()


def test_the_language_switch_keeps_the_page_and_works_by_keyboard(site, english_page):
    url = "/en/cases/?theme=grid-management&sort=region"
    english_page.goto(site + url)
    english_page.get_by_role("link", name="中文").click()
    english_page.wait_for_url(
        re.compile(r"/cases/\?theme=grid-management&sort=region$")
    )
    assert english_page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "网格化管理" in english_page.locator(".chips").inner_text()
    switch = english_page.get_by_role("link", name="English")
    assert switch.get_attribute("hreflang") == "en"
    for _ in range(10):  # the switch is reached by Tab and followed with Enter
        english_page.keyboard.press("Tab")
        if english_page.evaluate("document.activeElement.hreflang") == "en":
            break
    english_page.keyboard.press("Enter")
    english_page.wait_for_url(
        re.compile(r"/en/cases/\?theme=grid-management&sort=region$")
    )
    assert "Theme: Grid management" in english_page.locator(".chips").inner_text()


def test_every_page_lists_both_languages_as_alternates(site, english_page):
    case = Case.objects.published().first()
    english_page.goto(site + "/en" + case.get_absolute_url())
    links = english_page.locator("link[rel=alternate][hreflang]")
    found = dict(
        zip(
            links.evaluate_all("ls => ls.map(l => l.hreflang)"),
            links.evaluate_all("ls => ls.map(l => l.href)"),
            strict=True,
        )
    )
    assert found == {
        "zh-Hans": site + case.get_absolute_url(),
        "x-default": site + case.get_absolute_url(),
        "en": site + "/en" + case.get_absolute_url(),
    }


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("grid management", "Showing the theme named “grid management”."),
        ("Henan", "Showing the region named “Henan”."),
    ],
)
def test_an_english_query_finds_cases(site, english_page, query, note):
    english_page.goto(site + "/en/")
    english_page.get_by_label("Search the cases").fill(query)
    english_page.get_by_label("Search the cases").press("Enter")
    english_page.wait_for_url(re.compile(r"/en/cases/\?.*named="))
    assert note in english_page.locator(".notice").inner_text()
    cards = english_page.locator("article.card")
    assert cards.count() > 0
    if query == "Henan":
        henan = Region.objects.get(name="河南省")
        expected = Case.objects.published().in_region(henan).count()
        for place in cards.locator(".place").all_inner_texts():
            assert place.startswith("Henan 河南省")
    else:
        expected = Theme.objects.get(slug="grid-management").cases.published().count()
    assert f"{expected} cases" in english_page.locator(".result-bar").inner_text()


def test_the_map_on_the_english_home_leads_to_a_province(site, english_page, axe):
    henan = Region.objects.get(name="河南省")
    count = Case.objects.published().in_region(henan).count()
    english_page.goto(site + "/en/")
    english_page.locator(".region-map").get_by_role(
        "link", name=f"Henan: {count} cases"
    ).click()
    english_page.wait_for_url(re.compile(rf"/en/regions/{henan.pk}/$"))
    assert english_page.locator("h1").inner_text() == "Henan 河南省"
    assert english_page.locator("h1 span").get_attribute("lang") == "zh-Hans"
    english_page.locator(".map-data summary").click()
    assert "Zhengzhou 郑州市" in english_page.locator(".map-data table").inner_text()


def test_the_english_home_has_no_serious_accessibility_violations(
    site, english_page, axe, browser
):
    english_page.goto(site + "/en/")
    screenshot(english_page, "home-en-desktop")  # as a reader first sees it
    english_page.locator(".map-data summary").click()
    assert serious_violations(english_page, axe) == []
    phone = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    phone.goto(site + "/en/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone
    screenshot(phone, "home-en-phone")
    phone.context.close()
