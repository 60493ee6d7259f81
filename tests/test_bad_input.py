"""Whatever anyone types or links to, every public URL answers without a 500."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_case

pytestmark = pytest.mark.django_db

LIST = reverse("cases:case-list")
API = reverse("endpoints:api-case-list")
METRICS_API = reverse("endpoints:api-metric-list")
PARAMETERS = [
    "q",
    "region",
    "theme",
    "practice",
    "source",
    "metric_kind",
    "metric",
    "metric_min",
    "metric_max",
    "sort",
    "page",
    "page_size",
]
HOSTILE = [
    "",
    "0",
    "-1",
    "1e999",
    "99999999999999999999999",
    "NaN",
    "<script>alert(1)</script>",
    '"吃茶',
    "网格+",
    "网格 AND OR NOT",
    "'; DROP TABLE cases_case; --",
    "％",
    "\u202e",
    "😀",
    "吃茶" * 3000,
    "grid-management",
    "办结率",
    "85",
    "relevance",
]


@pytest.mark.parametrize(
    "url", [LIST, API, METRICS_API, "/compare/", "/cases/export.csv"]
)
@pytest.mark.parametrize(
    "params",
    [
        {"q": "网格\x00"},
        {"theme": "\x00"},
        {"metric": "办结\x00率"},
        {"\x00": "1"},
    ],
)
def test_nul_bytes_are_refused_with_a_400(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400


def test_repeated_parameters_use_the_last_value(client):
    response = client.get(f"{LIST}?theme=nope&theme=grid-management")
    assert response.status_code == 200
    assert (
        response.context["filter"].form.cleaned_data["theme"].slug == "grid-management"
    )


def test_invalid_utf8_in_the_query_string_is_not_an_error(client):
    response = client.get(LIST, QUERY_STRING="q=%E5%90%83%FF%FE")
    assert response.status_code in (200, 400)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60)),
        max_size=5,
    )
)
def test_the_list_and_the_api_never_fail_on_any_parameters(client, params):
    for url in (LIST, API, METRICS_API):
        # The list redirects a URL with empty parameters to the one without.
        response = client.get(url, params, follow=True)
        assert response.status_code in (200, 400, 404), (url, params)
        if url != LIST:
            json.loads(response.content)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=120))
def test_search_escapes_whatever_it_echoes(client, query):
    response = client.get(LIST, {"q": query}, follow=True)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    if "<" in query and response.status_code == 200:
        assert "<script>alert" not in html


def test_stored_markup_is_shown_as_text_everywhere(client):
    case = make_case(
        title="<script>alert('x')</script>网格案例",
        summary="<img src=x onerror=alert(1)>",
        practices=["<b>做法</b>"],
    )
    pages = [
        LIST + "?q=网格案例",
        case.get_absolute_url(),
        case.practices.get().get_absolute_url(),
        reverse("cases:home"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert('x')" not in html, url
        assert "<img src=x" not in html, url
        assert "<b>做法</b>" not in html, url


@pytest.mark.parametrize(
    "url", [LIST, reverse("endpoints:case-export"), reverse("cases:compare")]
)
def test_messages_are_chinese_whatever_language_the_browser_asks_for(client, url):
    """The site is in Chinese: a browser set to English must not get Django's
    English messages in the middle of it."""
    params = {"region": "99999", "sort": "bogus"}
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 400
    text = response.content.decode()
    assert "valid choice" not in text
    assert "选择一个有效的选项" in text or "排序方式无效" in text
