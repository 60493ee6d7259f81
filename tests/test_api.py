import pytest
from django.core.cache import caches
from django.urls import reverse

from cases.models import Case, Metric
from tests.factories import make_case, make_metric

pytestmark = pytest.mark.django_db


def get(client, name, **params):
    return client.get(reverse(f"endpoints:{name}"), params)


def test_cases_api_serves_every_published_case_with_its_region_chain(client):
    data = get(client, "api-case-list", page_size=500).json()
    assert data["count"] == Case.objects.published().count()
    zigong = next(c for c in data["results"] if "小苑同学" in c["practices"])
    assert zigong["region"] == ["四川省", "自贡市", "自贡高新区", "学苑街道"]
    assert (
        zigong["metrics_count"] == Metric.objects.filter(case_id=zigong["id"]).count()
    )
    assert zigong["sources"][0]["origin"] == "000_fad4be8173178ba6.txt"
    assert zigong["url"].endswith(f"/cases/{zigong['id']}/")


def test_cases_api_searches_and_filters_like_the_list(client):
    data = get(client, "api-case-list", q="吃茶话事").json()
    assert [c["region"][-1] for c in data["results"]] == ["建瓯市"]
    henan = get(client, "api-case-list", q="网格", theme="grid-management").json()
    assert henan["count"] >= 1
    assert all("网格化管理" in c["themes"] for c in henan["results"])


def test_metrics_api_carries_the_quote_and_source(client):
    data = get(client, "api-metric-list", page_size=500).json()
    assert data["count"] == Metric.objects.filter(case__status="published").count()
    figure = next(
        m for m in data["results"] if m["quote"] == "目前已收集居民诉求 131个"
    )
    assert (figure["value"], figure["unit"], figure["period"]) == (131, "个", "目前")
    assert figure["source"]["origin"] == "000_fad4be8173178ba6.txt"
    assert figure["case"]["region"][0] == "四川省"


def test_pages_link_to_each_other(client):
    first = get(client, "api-case-list", page_size=5).json()
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert "page=1" in second["previous"]
    assert {c["id"] for c in first["results"]}.isdisjoint(
        c["id"] for c in second["results"]
    )


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page_size": 501}, 400),
        ({"page_size": "x"}, 400),
        ({"page": 0}, 400),
        ({"page": 999}, 404),
        ({"region": "abc"}, 400),
        ({"theme": "nope"}, 400),
        ({"region": 10**30}, 400),
        ({"q": "吃" * 300}, 400),
    ],
)
def test_bad_parameters_get_a_json_error(client, params, status):
    response = get(client, "api-case-list", **params)
    assert response.status_code == status
    assert "error" in response.json()


def test_drafts_never_leak(client):
    draft = make_case(
        title="未发布的草稿案例",
        status=Case.Status.DRAFT,
        practices=["草稿专用做法"],
    )
    make_metric(draft)
    cases = get(client, "api-case-list", page_size=500, q="草稿专用做法").json()
    metrics = get(client, "api-metric-list", page_size=500).json()
    assert cases["count"] == 0
    assert all(m["case"]["id"] != draft.pk for m in metrics["results"])


def test_a_search_counts_its_first_results_and_says_when_there_are_more(
    client, monkeypatch
):
    from cases import paging

    url = reverse("endpoints:api-case-list")
    exact = client.get(url, {"q": "社区", "page_size": 2}).json()
    assert exact["count_exact"] is True and exact["count"] > 3
    monkeypatch.setattr(paging, "SEARCH_WINDOW", 3)
    caches["pages"].clear()  # the same URL now answers differently
    capped = client.get(url, {"q": "社区", "page_size": 2}).json()
    assert capped["count"] == 3 and capped["count_exact"] is False
    assert [c["id"] for c in capped["results"]] == [c["id"] for c in exact["results"]]
    assert client.get(url, {"q": "社区", "page_size": 2, "page": 3}).status_code == 404
