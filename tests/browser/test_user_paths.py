"""What a user does in a real browser."""

import csv
import io
import re

import pytest
from django.urls import reverse

from cases.models import Case, Metric, Region
from tests.browser.conftest import PHONE, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_from_home_open_the_case_and_follow_a_figure_to_its_quote(site, page):
    page.goto(site + "/")
    page.get_by_label("搜索案例", exact=True).fill("吃茶话事")
    page.get_by_label("搜索案例", exact=True).press("Enter")
    page.wait_for_url(re.compile(r"/cases/\?q="))
    first = page.locator(".results article").first
    assert "建瓯" in first.inner_text()
    assert first.locator("mark").first.inner_text() == "吃茶话事"
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert "建瓯市" in page.locator("h1").inner_text()
    page.locator("#figures ~ .table-scroll a", has_text="原文").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+/#metric-\d+$"))
    target = page.url.split("#")[1]
    marked = page.locator(f"[id='{target}']")
    assert marked.evaluate("el => el.tagName") in ("MARK", "SPAN")
    metric = Metric.objects.get(pk=int(target.split("-")[1]))
    text = page.locator("mark").evaluate_all("els => els.map(e => e.textContent)")
    assert any("".join(metric.quote.split()) in "".join(t.split()) for t in text)


def test_drill_from_henan_down_to_a_community_with_agreeing_counts(site, page):
    page.goto(site + reverse("cases:region-index"))
    henan_count = int(
        page.locator("li:has(> a:text-is('河南省')) > .count").first.inner_text()
    )
    page.get_by_role("link", name="河南省", exact=True).click()
    assert page.locator("h1").inner_text() == "河南省"
    assert f"共 {henan_count} 个案例" in page.locator("main").inner_text()
    jiaozuo_count = int(
        page.locator("li:has(> a:text-is('焦作市')) > .count").first.inner_text()
    )
    page.get_by_role("link", name="焦作市", exact=True).first.click()
    assert f"共 {jiaozuo_count} 个案例" in page.locator("main").inner_text()
    assert page.locator("#cases-title ~ article").count() == jiaozuo_count
    page.get_by_role("link", name="温县", exact=True).first.click()
    assert "亢村" in page.locator("main").inner_text()
    assert page.locator("#cases-title ~ article").count() == 1


def test_filter_by_theme_and_region_then_remove_one(site, page):
    henan = Region.objects.get(name="河南省")
    page.goto(site + reverse("cases:case-list"))
    page.get_by_label("主题").select_option("grid-management")
    page.get_by_role("button", name="应用筛选").click()
    page.locator(".filters .facet a", has_text="河南省").click()
    both = (
        Case.objects.published()
        .in_region(henan)
        .filter(themes__slug="grid-management")
        .count()
    )
    assert f"共 {both} 个案例" in page.locator(".result-bar").inner_text()
    page.get_by_label("移除条件：主题").click()
    only_region = Case.objects.published().in_region(henan).count()
    assert f"共 {only_region} 个案例" in page.locator(".result-bar").inner_text()
    assert "theme=" not in page.url and f"region={henan.pk}" in page.url


def test_download_the_csv_of_a_filtered_list(site, page):
    page.goto(site + reverse("cases:case-list") + "?theme=mediation")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    expected = set(
        Case.objects.published()
        .filter(themes__slug="mediation")
        .values_list("title", flat=True)
    )
    assert {row["标题"] for row in rows} == expected


def test_compare_completion_rates_and_sort_them(site, page):
    page.goto(site + reverse("cases:compare") + "?subject=办结率")
    assert page.locator("table tbody tr td.num").count() == (
        Metric.objects.filter(
            subject__contains="办结率", case__status="published"
        ).count()
    )
    assert page.locator("figure.bar-chart").count() >= 1
    levels = page.locator("table").first.locator("tbody tr td.num")
    page.get_by_role("link", name=re.compile("数值")).first.click()
    first_sort = [v for v in levels.all_inner_texts()]
    page.get_by_role("link", name=re.compile("数值")).first.click()
    assert [v for v in levels.all_inner_texts()] == list(reversed(first_sort))


PAGES = {
    "home": "/",
    "list": "/cases/?q=网格",
    "case": None,
    "regions": "/regions/",
    "article": None,
    "compare": "/compare/?subject=办结率",
}


def test_no_serious_accessibility_violations_and_screenshots(site, page, axe, browser):
    case = Case.objects.get(slug="jianou-dangjian-yinqing-shequ-zhili")
    urls = dict(
        PAGES,
        case=case.get_absolute_url(),
        article=case.sources.first().get_absolute_url(),
    )
    phone = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    for name, path in urls.items():
        page.goto(site + path)
        assert serious_violations(page, axe) == [], name
        screenshot(page, f"{name}-desktop")
        phone.goto(site + path)
        assert (
            phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        ), name
        screenshot(phone, f"{name}-phone")
    phone.context.close()
