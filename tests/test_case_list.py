import pytest
from django.urls import reverse

from cases.models import Case
from tests.factories import make_case

pytestmark = pytest.mark.django_db
URL = reverse("cases:case-list")


def test_search_from_the_list_highlights_the_words(client):
    response = client.get(URL, {"q": "吃茶话事"})
    assert response.context["page"].paginator.count == 1
    assert "<mark>吃茶话事</mark>" in response.content.decode()


def test_the_list_shows_facet_counts_for_the_whole_result(client):
    response = client.get(URL, {"q": "网格"})
    total = response.context["page"].paginator.count
    provinces = dict((r.name, n) for r, n in response.context["region_counts"])
    assert sum(provinces.values()) == total
    henan = (
        Case.objects.published()
        .search("网格")
        .filter(region__chain__startswith="河南省")
        .count()
    )
    assert provinces["河南省"] == henan


def test_choosing_a_region_offers_its_subregions_with_counts(client):
    from cases.models import Region

    henan = Region.objects.get(name="河南省")
    response = client.get(URL, {"region": henan.pk})
    below = dict((r.name, n) for r, n in response.context["region_counts"])
    assert below == {"焦作市": 5, "郑州市": 5}


def test_practice_facet_lists_the_practices_of_the_results(client):
    response = client.get(URL, {"q": "建瓯"})
    names = [p.name for p in response.context["practice_counts"]]
    assert "吃茶话事" in names


def test_region_filter_includes_everything_below(client):
    from cases.models import Region

    henan = Region.objects.get(name="河南省")
    response = client.get(URL, {"region": henan.pk})
    assert (
        response.context["page"].paginator.count
        == Case.objects.published().in_region(henan).count()
    )


def test_user_text_is_escaped_in_results(client):
    make_case(title="<script>alert(1)</script>社区", summary="<b>粗体</b>")
    response = client.get(URL, {"q": "<script>"})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "params", [{"region": "abc"}, {"theme": "nope"}, {"q": "吃" * 300}]
)
def test_malformed_filters_give_a_400_page(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "errors" in response.content.decode()


def test_drafts_are_not_listed(client):
    make_case(title="草稿案例不可见", status=Case.Status.DRAFT)
    assert "草稿案例不可见" not in client.get(URL).content.decode()
    searched = client.get(URL, {"q": "草稿案例不可见"})
    assert searched.context["page"].paginator.count == 0


def test_a_search_pages_through_its_first_results_and_says_there_are_more(
    client, monkeypatch
):
    from cases import paging

    monkeypatch.setattr(paging, "SEARCH_WINDOW", 3)
    everything = Case.objects.published().search("社区")
    assert everything.count() > 3
    response = client.get(URL, {"q": "社区"})
    page = response.context["page"]
    assert page.paginator.capped is True
    assert [c.pk for c in page] == list(everything.values_list("pk", flat=True)[:3])
    html = response.content.decode()
    assert "超过 3 个案例" in html
    assert "以下分布按前 3 个结果统计" in html
    themes = {t.slug: t.case_count for t in response.context["theme_counts"]}
    assert sum(themes.values()) >= 3
    assert max(themes.values()) <= 3


def brute_force_facets(cases):
    """What a search's facets should say, counted case by case."""
    from collections import Counter

    themes, practices, kinds = Counter(), Counter(), Counter()
    for case in cases:
        themes.update(t.name for t in case.themes.all())
        practices.update(p.name for p in case.practices.all())
        kinds.update({m.kind for m in case.metrics.all()})
    return themes, practices, kinds


def shown_facets(response):
    context = response.context
    return (
        {t.name: t.case_count for t in context["theme_counts"]},
        {p.name: p.case_count for p in context["practice_counts"]},
        {kind: n for kind, _, n in context["kind_counts"]},
    )


@pytest.mark.parametrize("query", ["网格", "社区", "吃茶话事", "志愿服务"])
def test_search_facets_match_a_brute_force_count_of_the_results(client, query):
    response = client.get(URL, {"q": query})
    results = Case.objects.published().search(query)
    assert results.exists()
    themes, practices, kinds = brute_force_facets(results)
    shown_themes, shown_practices, shown_kinds = shown_facets(response)
    assert shown_themes == dict(themes)
    assert shown_kinds == dict(kinds)
    # The twelve most used practices, ties by name.
    expected = sorted(practices.items(), key=lambda i: (-i[1], i[0]))[:12]
    assert list(shown_practices.items()) == expected
    provinces = dict((r.name, n) for r, n in response.context["region_counts"])
    by_province = {}
    for case in results.select_related("region"):
        province = case.region.chain.split(" › ")[0]
        by_province[province] = by_province.get(province, 0) + 1
    assert provinces == by_province


def test_search_facets_follow_an_edit_of_a_result(client):
    from cases.models import Theme
    from tests.factories import make_metric

    case = Case.objects.published().search("吃茶话事").get()
    theme = Theme.objects.exclude(cases=case).first()
    before = shown_facets(client.get(URL, {"q": "吃茶话事"}))
    assert theme.name not in before[0]
    assert "area" not in before[2]

    case.themes.add(theme)
    make_metric(case, kind="area", value=12, unit="平方米", quote="面积 12平方米")
    case.practices.remove(*case.practices.exclude(name="吃茶话事"))

    themes, practices, kinds = shown_facets(client.get(URL, {"q": "吃茶话事"}))
    assert themes[theme.name] == 1
    assert kinds["area"] == 1
    assert practices == {"吃茶话事": 1}


def test_deleting_a_practice_leaves_the_search_and_its_facets(client):
    from cases.models import Practice

    case = make_case(practices=["临删做法"])
    assert client.get(URL, {"q": "临删做法"}).context["page"].paginator.count
    Practice.objects.get(name="临删做法").delete()

    assert not client.get(URL, {"q": "临删做法"}).context["page"].paginator.count
    _, practices, _ = shown_facets(client.get(URL, {"q": case.title}))
    assert practices == {}


@pytest.mark.parametrize(
    "params, figures",
    [
        ({"metric_kind": "rate"}, {"kind": "rate"}),
        (
            {"metric": "办结率", "metric_min": "85"},
            {"subject": "办结率", "minimum": 85},
        ),
    ],
)
def test_a_figure_filter_lists_the_same_cases_newest_first(client, params, figures):
    """The list reads its page checking each case's figures; the count lists the
    matching figures' cases once: both must agree."""
    expected = list(
        Case.objects.published()
        .with_metric(**figures)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert expected
    response = client.get(URL, params)
    page = response.context["page"]
    assert page.paginator.count == len(expected)
    assert [case.pk for case in page] == expected[:20]
