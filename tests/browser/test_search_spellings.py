"""A reader who types traditional characters or pinyin in the header's search box."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search_from_header(site, page, query):
    page.goto(site + "/")
    box = page.locator("#header-q")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/cases/\?q="))


@pytest.mark.parametrize(
    ("query", "marked", "reading"),
    [
        ("調解", "调解", None),
        ("網格化管理", "网格化管理", None),
        ("chichahuashi", "吃茶话事", "拼音 chichahuashi 匹配：吃茶话事"),
        ("Xiao Yuan Tong Xue", "小苑同学", "拼音 xiao yuan tong xue 匹配：小苑同学"),
    ],
)
def test_traditional_and_pinyin_queries_find_cases_marked_as_they_write(
    site, page, query, marked, reading
):
    search_from_header(site, page, query)
    results = page.locator(".results article")
    assert results.count() >= 1
    marks = set(page.locator(".results mark").all_inner_texts())
    assert marks == {marked}
    readings = page.locator(".query-reading").all_inner_texts()
    assert readings == ([reading] if reading else [])
