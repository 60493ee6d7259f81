"""The list page's form and links: no empty parameters in URLs, one default sort
shown as such, and the counts of the side links in the drop-downs."""

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
LIST = reverse("cases:case-list")
EMPTY_FORM = {
    "q": "网格",
    "region": "",
    "theme": "",
    "practice": "",
    "source": "",
    "metric_kind": "",
    "metric": "",
    "metric_min": "",
    "metric_max": "",
    "sort": "",
}


def select_options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [
        (value, unescape(label).strip(), "selected" in attributes)
        for attributes, value, label in re.findall(
            r'<option([^>]*?value="([^"]*)"[^>]*)>(.*?)</option>', select.group(1)
        )
    ]


def test_a_form_submitted_with_empty_fields_lands_on_the_clean_url(client):
    response = client.get(LIST, EMPTY_FORM)
    assert response.status_code == 302
    assert parse_qsl(urlsplit(response["Location"]).query) == [("q", "网格")]
    assert urlsplit(response["Location"]).path == LIST


def test_an_empty_query_string_value_is_dropped_but_others_kept(client):
    response = client.get(LIST + "?theme=grid-management&q=&page=")
    assert response.status_code == 302
    assert response["Location"] == LIST + "?theme=grid-management"
    assert client.get(LIST + "?q=").status_code == 302
    assert client.get(LIST + "?q=").headers["Location"] == LIST


@pytest.mark.parametrize(
    "params",
    [
        {"q": "网格"},
        {"theme": "grid-management", "metric_kind": "rate"},
        {"metric": "办结率", "metric_min": "85"},
        {"q": "加装电梯"},
    ],
)
def test_no_link_on_the_list_page_carries_an_empty_parameter(client, params):
    html = client.get(LIST, params).content.decode()
    for href in re.findall(r'href="([^"]*)"', html):
        query = urlsplit(unescape(href)).query
        for name, value in parse_qsl(query, keep_blank_values=True):
            assert value != "", (href, name)


def test_the_list_page_loads_the_script_that_drops_empty_fields(client):
    html = client.get(LIST).content.decode()
    script = re.search(r'<script src="([^"]+drop-empty-fields[^"]*)" defer>', html)
    assert script
    assert "<script>" not in html  # the CSP forbids inline script
    source = Path(settings.BASE_DIR, "static", "js", "drop-empty-fields.js")
    assert "formdata" in source.read_text(encoding="utf-8")


def test_without_a_search_the_default_sort_is_newest_and_shown_as_such(client):
    options = select_options(client.get(LIST).content.decode(), "sort")
    labels = [label for _, label, _ in options]
    assert labels[0] == "最新发布（默认）"
    assert "相关度" not in "".join(labels)
    assert sum("默认" in label for label in labels) == 1


def test_with_a_search_the_default_sort_is_relevance_and_shown_as_such(client):
    options = select_options(client.get(LIST, {"q": "网格"}).content.decode(), "sort")
    labels = [label for _, label, _ in options]
    assert labels == ["相关度（默认）", "最新发布", "按地区", "按年份"]
    assert options[0][0] == ""


def test_a_chosen_sort_stays_selected(client):
    html = client.get(LIST, {"q": "网格", "sort": "newest"}).content.decode()
    selected = [label for _, label, chosen in select_options(html, "sort") if chosen]
    assert selected == ["最新发布"]


@pytest.mark.parametrize("params", [{}, {"q": "网格"}, {"theme": "mediation"}])
def test_the_drop_downs_show_the_counts_of_the_side_links(client, params):
    response = client.get(LIST, params)
    html = response.content.decode()
    themes = {t.slug: t.case_count for t in response.context["theme_counts"]}
    for value, label, _ in select_options(html, "theme"):
        if value:
            assert label.endswith(f"（{themes.get(value, 0)}）"), label
    kinds = {kind: n for kind, _, n in response.context["kind_counts"]}
    for value, label, _ in select_options(html, "metric_kind"):
        if value:
            assert label.endswith(f"（{kinds.get(value, 0)}）"), label


def test_the_apis_page_links_carry_no_empty_parameter(client):
    data = client.get(
        reverse("endpoints:api-case-list"), {"q": "社区", "theme": "", "page_size": 1}
    ).json()
    assert data["next"]
    assert ("theme", "") not in parse_qsl(
        urlsplit(data["next"]).query, keep_blank_values=True
    )
