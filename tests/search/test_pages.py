"""What the list page and the API say of a query read otherwise."""

import re

import pytest

pytestmark = pytest.mark.django_db


def marked(html: str) -> set[str]:
    return set(re.findall(r"<mark>(.*?)</mark>", html))


@pytest.mark.parametrize(
    ("query", "line", "mark"),
    [
        ("chichahuashi", "拼音 chichahuashi 匹配：吃茶话事", "吃茶话事"),
        # A region named in pinyin is a filter (cases.english); a practice is read.
        ("Xiao Yuan Tong Xue", "拼音 xiao yuan tong xue 匹配：小苑同学", "小苑同学"),
    ],
)
def test_the_list_page_says_which_name_a_pinyin_query_matched(
    client, query, line, mark
):
    response = client.get("/cases/", {"q": query})
    html = response.content.decode()
    assert line in html
    assert response.context["page"].paginator.count >= 1
    assert marked(html) == {mark}  # the case's own text, not the Latin words


def test_a_traditional_query_marks_the_cases_simplified_text(client):
    html = client.get("/cases/", {"q": "吃茶話事"}).content.decode()
    assert "吃茶话事" in marked(html)
    assert "匹配：" not in html


@pytest.mark.parametrize("query", ["网格", "2.0", "abc", "如何用吃茶话事化解邻里矛盾"])
def test_other_queries_say_nothing_of_names(client, query):
    assert "匹配：" not in client.get("/cases/", {"q": query}).content.decode()


def test_the_api_says_which_name_a_pinyin_query_matched(client):
    body = client.get("/api/cases/", {"q": "chichahuashi"}).json()
    interpretation = body["interpretation"]
    assert interpretation["aliases"] == [
        {"kind": "拼音", "written": "chichahuashi", "names": ["吃茶话事"]}
    ]
    assert interpretation["message"] == "拼音 chichahuashi 匹配：吃茶话事"
    assert interpretation["terms"] == ["chichahuashi"]  # as written: not loosened
    assert interpretation["loosened"] is False
    assert body["count"] == 1
    assert "吃茶话事" in body["results"][0]["practices"]
