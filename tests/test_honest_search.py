"""Search says what it did: nothing found is a page of its own, a query with nothing
to search for finds nothing, and a loosened query names the words it left out."""

import re
from html import unescape

import pytest
from django.urls import reverse

from cases import search
from cases.models import Case
from tests.factories import make_case

pytestmark = pytest.mark.django_db
LIST = reverse("cases:case-list")
API = reverse("endpoints:api-case-list")
UNSEARCHABLE = ["🏘️👍", "😀 ** ::", "！？。…", "——"]
RELAXED = "xyz不存在的做法"


def published():
    return Case.objects.published()


def hrefs(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', html)]


def link_labelled(html: str, label: str) -> str:
    """The href of the link whose text or aria-label is ``label``."""
    for match in re.finditer(r"<a\b([^>]*)>(.*?)</a>", html, re.S):
        attributes, text = match.groups()
        if label in text or f'aria-label="{label}"' in attributes:
            href = unescape(re.search(r'href="([^"]*)"', attributes).group(1))
            return LIST + href if href.startswith("?") else href
    raise AssertionError(f"no link {label!r}")


@pytest.mark.parametrize("query", UNSEARCHABLE)
def test_a_query_with_nothing_to_search_for_finds_nothing(query):
    assert not search.search(published(), query).exists()
    assert not search.matching(published(), query).exists()
    assert search.ranked_ids(published(), query, 20) == []
    interpretation = search.interpret(published(), query)
    assert interpretation.unsearchable is True
    assert interpretation.terms == ()
    assert interpretation.relaxed is False


def test_an_empty_query_still_lists_everything():
    everything = published().count()
    assert search.search(published(), "").count() == everything
    assert len(search.ranked_ids(published(), "", 100)) == everything
    assert search.interpret(published(), "").unsearchable is False


def test_a_plain_query_is_searched_as_written():
    interpretation = search.interpret(published(), "网格 吃茶话事")
    assert interpretation.terms == ("网格", "吃茶话事")
    assert interpretation.dropped == ()
    assert interpretation.relaxed is False
    assert interpretation.unsearchable is False


def test_a_relaxed_query_names_the_words_it_left_out():
    interpretation = search.interpret(published(), RELAXED)
    assert interpretation.relaxed is True
    assert "xyz" in interpretation.dropped
    assert interpretation.terms
    assert not set(interpretation.terms) & set(interpretation.dropped)
    for word in interpretation.dropped:
        assert not search.matching(published(), word).exists(), word
    # What was found holds every word kept.
    found = search.search(published(), RELAXED)
    assert set(found) == set(search.search(published(), " ".join(interpretation.terms)))


def test_a_quoted_query_is_searched_exactly_and_honestly_finds_nothing():
    exact = f'"{RELAXED}"'
    assert search.interpret(published(), exact).relaxed is False
    assert search.interpret(published(), exact).terms == (RELAXED,)
    assert not search.search(published(), exact).exists()
    assert search.ranked_ids(published(), exact, 20) == []


def test_words_only_a_draft_holds_are_dropped_as_if_it_did_not_exist():
    query = "怎样推广隐秘词汇和邻里议事"
    before = search.interpret(published(), query)
    make_case(title="隐秘词汇草稿", summary="隐秘词汇", status=Case.Status.DRAFT)
    after = search.interpret(published(), query)
    assert after == before
    assert "隐秘" not in "".join(after.terms)


def test_a_drafts_words_do_not_change_what_a_public_search_finds():
    query = "怎样推广隐秘词汇和邻里议事"
    before = search.ranked_ids(published(), query, 50)
    assert before
    make_case(title="隐秘词汇草稿", summary="隐秘词汇", status=Case.Status.DRAFT)
    assert search.ranked_ids(published(), query, 50) == before
    assert list(search.search(published(), query).values_list("pk", flat=True)) == (
        before
    )


# The list page


def test_a_search_that_finds_nothing_says_so_and_offers_a_way_back(client):
    response = client.get(LIST, {"q": "加装电梯", "theme": "grid-management"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 0 个案例" in html
    assert "没有找到" in html
    assert "“加装电梯”" in html
    assert "网格化管理" in html
    without_query = link_labelled(html, "移除条件：关键词")
    assert "q=" not in without_query and "theme=grid-management" in without_query
    without_theme = link_labelled(html, "移除条件：主题")
    assert "theme=" not in without_theme and "q=" in without_theme
    assert client.get(without_query).context["page"].paginator.count > 0


def test_a_figure_filter_that_matches_nothing_shows_each_filter_to_remove(client):
    response = client.get(LIST, {"metric": "办结率", "metric_min": "99"})
    html = response.content.decode()
    assert "共 0 个案例" in html
    assert "没有找到" in html
    assert "数据名称包含：办结率" in html
    assert "数值不低于：99" in html
    looser = link_labelled(html, "移除条件：数值不低于")
    assert "metric_min" not in looser and "metric=" in looser
    assert client.get(looser).context["page"].paginator.count > 0
    # The highest such figure tells how far to lower the bound.
    assert "最高" in html and "95%" in html


def test_close_published_practice_names_are_suggested_and_lead_to_results(client):
    make_case(title="电梯议事案例", practices=["加装电梯议事会"])
    make_case(title="草稿电梯", practices=["电梯秘密做法"], status=Case.Status.DRAFT)
    response = client.get(LIST, {"q": "电梯加装"})
    html = response.content.decode()
    assert "共 0 个案例" in html
    assert "加装电梯议事会" in html
    assert "电梯秘密做法" not in html
    suggestion = link_labelled(html, "加装电梯议事会")
    found = client.get(suggestion).context["page"]
    assert found.paginator.count == 1
    assert found[0].title == "电梯议事案例"


def test_close_themes_are_suggested(client):
    html = client.get(LIST, {"q": "小区改造电梯"}).content.decode()
    assert "共 0 个案例" in html
    assert link_labelled(html, "老旧小区改造")


def test_words_of_a_query_that_do_find_cases_are_offered(client):
    html = client.get(LIST, {"q": "加装电梯"}).content.decode()
    link = link_labelled(html, "电梯")
    assert client.get(link).context["page"].paginator.count > 0


@pytest.mark.parametrize("query", UNSEARCHABLE[:2])
def test_a_query_with_nothing_to_search_for_says_why(client, query):
    response = client.get(LIST, {"q": query})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert "共 0 个案例" in html
    assert "没有可检索的文字" in html


def test_a_relaxed_query_says_which_words_it_dropped_and_links_the_exact_search(
    client,
):
    response = client.get(LIST, {"q": RELAXED})
    html = response.content.decode()
    interpretation = search.interpret(published(), RELAXED)
    assert "已忽略" in html
    for word in interpretation.dropped:
        assert f"“{word}”" in html
    exact = link_labelled(html, "只搜索完整的")
    exact_page = client.get(exact)
    assert exact_page.context["page"].paginator.count == 0
    exact_html = exact_page.content.decode()
    assert "共 0 个案例" in exact_html
    assert "已忽略" not in exact_html


def test_a_query_found_as_written_shows_no_relaxed_notice(client):
    html = client.get(LIST, {"q": "吃茶话事"}).content.decode()
    assert "已忽略" not in html
    assert "没有找到" not in html


# The API


@pytest.mark.parametrize("query", UNSEARCHABLE[:2])
def test_the_api_finds_nothing_for_a_query_with_nothing_to_search_for(client, query):
    data = client.get(API, {"q": query}).json()
    assert data["count"] == 0
    assert data["results"] == []
    assert data["interpretation"]["unsearchable"] is True
    assert data["interpretation"]["message"]


def test_the_api_says_which_words_a_relaxed_query_dropped(client):
    data = client.get(API, {"q": RELAXED}).json()
    interpretation = data["interpretation"]
    assert interpretation["relaxed"] is True
    assert interpretation["loosened"] is True
    assert "xyz" in interpretation["dropped"]
    assert interpretation["exact_query"] == f'"{RELAXED}"'
    exact = client.get(API, {"q": interpretation["exact_query"]}).json()
    assert exact["count"] == 0
    assert exact["interpretation"]["relaxed"] is False


def test_the_api_counts_zero_for_a_search_that_finds_nothing(client):
    data = client.get(API, {"q": "加装电梯"}).json()
    assert data["count"] == 0
    assert data["interpretation"] == {
        "query": "加装电梯",
        "terms": ["加装电梯"],
        "dropped": [],
        "loosened": False,
        "relaxed": False,
        "unsearchable": False,
        "exact_query": None,
        "aliases": [],
        "message": "",
    }


def test_the_api_has_no_interpretation_without_a_query(client):
    assert "interpretation" not in client.get(API).json()


def test_a_query_split_into_words_that_all_occur_says_so_too(client):
    query = "社区治理" * 50  # the longest query the form takes; matches nothing whole
    interpretation = search.interpret(published(), query)
    assert interpretation.relaxed is False
    assert interpretation.terms == ("社区", "治理")
    html = client.get(LIST, {"q": query}).content.decode()
    assert "按“社区”“治理”搜索" in html
    assert "已忽略" not in html
    exact = client.get(link_labelled(html, "只搜索完整的"))
    assert exact.status_code == 200
    assert exact.context["page"].paginator.count == 0
    api = client.get(API, {"q": query}).json()["interpretation"]
    assert api["loosened"] is True
    assert api["relaxed"] is False
    assert api["exact_query"] == f'"{query}"'
