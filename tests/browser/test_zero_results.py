"""A search that finds nothing, in a real browser: what it says, the ways back, and
the form's clean URLs."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LIST = reverse("cases:case-list")


def result_count(page) -> str:
    return page.locator(".result-bar strong").inner_text()


def test_a_search_with_no_results_says_so_and_every_way_back_works(site, page, axe):
    page.goto(site + LIST + "?q=加装电梯&theme=grid-management")
    assert result_count(page) == "共 0 个案例"
    message = page.locator(".no-results")
    assert "没有找到符合条件的案例" in message.inner_text()
    assert "加装电梯" in message.inner_text()
    assert serious_violations(page, axe) == []
    screenshot(page, "list-no-results-desktop")

    # Removing the theme keeps the search, which still finds nothing.
    page.get_by_label("移除条件：主题").click()
    page.wait_for_url(re.compile(r"q="))
    assert "theme=" not in page.url
    assert result_count(page) == "共 0 个案例"

    # A word of the query that does find cases.
    page.locator(".no-results a", has_text=re.compile("^电梯$")).click()
    page.wait_for_url(re.compile(r"q=%E7%94%B5%E6%A2%AF"))
    assert page.locator(".results article").count() >= 1


def test_a_suggested_theme_leads_to_results(site, page):
    page.goto(site + LIST + "?q=小区改造电梯")
    assert result_count(page) == "共 0 个案例"
    page.locator(".no-results a", has_text="老旧小区改造").click()
    page.wait_for_url(re.compile(r"theme=old-estate-renewal"))
    assert page.locator(".results article").count() >= 1
    assert "共 0 个案例" not in result_count(page)


def test_a_figure_filter_that_matches_nothing_can_be_loosened(site, page, axe):
    page.goto(site + LIST + "?metric=办结率&metric_min=99")
    assert result_count(page) == "共 0 个案例"
    assert "最高为 95%" in page.locator(".no-results").inner_text()
    page.locator(".no-results a", has_text="去掉“数值不低于：99”").click()
    page.wait_for_url(lambda url: "metric_min" not in url)
    assert page.locator(".results article").count() >= 1
    # Each card shows the figure that met the filter.
    assert (
        page.locator(".results .matched-figure").count()
        == page.locator(".results article").count()
    )
    assert serious_violations(page, axe) == []


def test_a_relaxed_search_names_what_it_dropped_and_the_exact_search_is_honest(
    site, page
):
    page.goto(site + LIST + "?q=xyz不存在的做法")
    notice = page.locator(".notice")
    assert "已忽略“xyz”" in notice.inner_text()
    notice.get_by_role("link").click()
    page.wait_for_url(re.compile(r"q=%22"))
    assert result_count(page) == "共 0 个案例"
    assert page.locator(".notice").count() == 0


def test_an_emoji_search_finds_nothing_and_says_why_on_a_phone(site, browser, axe):
    phone = browser.new_context(
        viewport=PHONE, locale="zh-CN", bypass_csp=True
    ).new_page()
    phone.goto(site + LIST + "?q=🏘️👍")
    assert result_count(phone) == "共 0 个案例"
    assert "没有可检索的文字" in phone.locator(".notice").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    assert serious_violations(phone, axe) == []
    screenshot(phone, "list-no-results-phone")
    phone.context.close()


def test_the_filter_form_submits_no_empty_field(site, page):
    page.goto(site + LIST)
    requested = []
    page.on(
        "request",
        lambda request: (
            request.is_navigation_request() and requested.append(request.url)
        ),
    )
    page.get_by_label("关键词").fill("网格")
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url(re.compile(r"q="))
    # The script left the empty fields out: no round trip through the redirect.
    assert len(requested) == 1
    assert parse_qsl(urlsplit(requested[0]).query, keep_blank_values=True) == [
        ("q", "网格")
    ]
    assert "相关度（默认）" in page.locator("#id_sort").inner_text()
