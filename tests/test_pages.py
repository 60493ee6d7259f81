"""Public pages: content, roll-up counts, bad input, and bounded queries."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Metric, Practice, Region, SourceArticle
from tests.factories import make_case, make_metric, make_region

pytestmark = pytest.mark.django_db


# PostgreSQL's lexeme statistics, which a serving process reads once per content
# version, but a test (all in one transaction) on every search that needs them.
CATALOG_READS = ("pg_class", "pg_stats")


def queries_for(client, url, but=()):
    """The queries of a first visit, with nothing cached."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(
        1
        for query in queries.captured_queries
        if not any(f"FROM {table}" in query["sql"] for table in but)
    )


def add_cases(n=5):
    region = make_region(("河南省", "焦作市", "新增区"))
    for i in range(n):
        case = make_case(
            region=region, practices=[f"新做法{i}", "网格+"], communities=[f"新社区{i}"]
        )
        make_metric(case)


def page_urls():
    case = Case.objects.get(slug="jianou-dangjian-yinqing-shequ-zhili")
    henan = Region.objects.get(name="河南省")
    return [
        reverse("cases:home"),
        reverse("cases:case-list"),
        reverse("cases:case-list") + "?q=网格&theme=grid-management",
        reverse("cases:case-list") + "?metric=办结率&metric_min=50",
        case.get_absolute_url(),
        reverse("cases:region-index"),
        henan.get_absolute_url(),
        Practice.objects.get(name="网格+").get_absolute_url(),
        reverse("cases:theme-detail", args=["grid-management"]),
        SourceArticle.objects.get(origin__startswith="003").get_absolute_url(),
    ]


def test_every_page_runs_the_same_number_of_queries_whatever_the_data(client):
    urls = page_urls()
    before = [queries_for(client, url, but=CATALOG_READS) for url in urls]
    add_cases()
    after = [queries_for(client, url, but=CATALOG_READS) for url in urls]
    assert after == before
    # A search on PostgreSQL adds three: its look-ups run in a savepoint here with
    # a planner setting (PostgresSearchBackend.ranked_ids).
    assert max(before) <= 22


def test_region_pages_ask_as_many_queries_at_every_depth(client):
    """The breadcrumb of the regions above comes from the region's own path."""
    jiaozuo = Region.objects.get(name="焦作市")
    counts = {
        region.level: queries_for(client, region.get_absolute_url())
        for region in [jiaozuo.parent, jiaozuo, jiaozuo.children.first()]
    }
    assert len(set(counts.values())) == 1, counts


def test_a_region_page_links_each_region_above_it(client):
    district = Region.objects.get(name="焦作市").children.first()
    html = client.get(district.get_absolute_url()).content.decode()
    for ancestor in district.ancestors():
        assert f'href="{ancestor.get_absolute_url()}">{ancestor.name}</a>' in html


def test_a_word_in_many_cases_asks_as_many_queries_as_one_in_a_few(client, monkeypatch):
    from cases.search.backends import base

    list_url = reverse("cases:case-list")
    monkeypatch.setattr(base.BaseSearchBackend, "RANK_LIMIT", 3)  # newest past 3
    assert Case.objects.search("吃茶").count() <= 3
    assert Case.objects.search("社区").count() > 3
    queries_for(client, list_url + "?q=网格")  # reads the years, once per version
    rare = queries_for(client, list_url + "?q=吃茶", but=CATALOG_READS)
    common = queries_for(client, list_url + "?q=社区", but=CATALOG_READS)
    assert common == rare


def test_home_shows_what_the_knowledge_base_holds(client):
    response = client.get(reverse("cases:home"))
    stats = response.context["stats"]
    assert stats["cases"] == Case.objects.published().count()
    assert stats["sources"] == 5
    assert dict((r.name, n) for r, n in response.context["provinces"])["河南省"] == 10


def test_region_roll_up_counts_match_a_brute_force_count():
    counts = Case.objects.published().region_counts()
    for region in Region.objects.all():
        brute = sum(
            1
            for case in Case.objects.published()
            if case.region.path.startswith(region.path)
        )
        assert counts[region.pk] == brute, region.chain


def test_region_page_lists_every_case_below_it(client):
    jiaozuo = Region.objects.get(name="焦作市")
    response = client.get(jiaozuo.get_absolute_url())
    assert response.context["case_count"] == 5
    html = response.content.decode()
    for place in ["滨溪社区", "民主北路社区", "王褚街道", "化工镇", "亢村"]:
        assert place in html


def test_case_page_links_each_figure_to_its_quote(client):
    metric = Metric.objects.get(quote="目前已收集居民诉求 131个")
    response = client.get(metric.case.get_absolute_url())
    html = response.content.decode()
    assert metric.get_absolute_url() in html
    assert "131个" in html
    article = client.get(metric.source.get_absolute_url()).content.decode()
    assert f'id="metric-{metric.pk}"' in article


def test_case_page_cites_its_source_and_shows_similar_cases(client):
    case = Case.objects.get(slug="jiaozuo-jiefangqu-wangchu-wangge-jia")
    response = client.get(case.get_absolute_url())
    assert any("[EB/OL]" in line for line in response.context["citation"])
    assert response.context["similar"]


def test_practice_page_shows_close_variants(client):
    response = client.get(Practice.objects.get(name="网格+").get_absolute_url())
    names = [p.name for p in response.context["variants"]]
    assert "党建+网格" in names


def test_drafts_have_no_public_page(client):
    draft = make_case(status=Case.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/cases/99999999999999999999999/",
        "/cases/0/",
        "/regions/abc/",
        "/cases/?page=999",
        "/cases/?page=x",
        "/themes/no-such-theme/",
        "/practices/999999/",
    ],
)
def test_missing_things_are_a_chinese_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_an_inverted_metric_range_is_a_400_with_a_message(client):
    response = client.get(
        reverse("cases:case-list"), {"metric_min": 90, "metric_max": 10}
    )
    assert response.status_code == 400
    assert "下限不能大于上限" in response.content.decode()


def test_metric_range_filter_keeps_cases_with_one_matching_figure(client):
    response = client.get(
        reverse("cases:case-list"), {"metric": "办结率", "metric_min": 85}
    )
    found = {c.pk for c in response.context["page"]}
    expected = set(
        Metric.objects.filter(
            subject__contains="办结率", value__gte=85, case__status="published"
        ).values_list("case", flat=True)
    )
    assert found == expected and expected


def test_filters_can_be_removed_one_by_one(client):
    url = reverse("cases:case-list")
    response = client.get(url, {"theme": "grid-management", "q": "网格"})
    html = response.content.decode()
    assert 'href="?q=%E7%BD%91%E6%A0%BC"' in html  # remove the theme, keep the query
    assert 'href="?theme=grid-management"' in html  # remove the query, keep the theme


def test_cached_counts_follow_publishing_editing_and_removal(client):
    def henan_on_home():
        provinces = client.get(reverse("cases:home")).context["provinces"]
        return dict((r.name, n) for r, n in provinces).get("河南省", 0)

    def henan_in_tree():
        tree = client.get(reverse("cases:region-index")).context["tree"]
        return next(node.case_count for node in tree if node.region.name == "河南省")

    before = henan_on_home()
    assert henan_in_tree() == before
    region = make_region(("河南省", "焦作市", "新增区"))
    case = make_case(region=region, status=Case.Status.DRAFT)
    assert henan_on_home() == before
    case.status = Case.Status.PUBLISHED
    case.save()
    assert henan_on_home() == henan_in_tree() == before + 1
    case.region = make_region(("江苏省", "无锡市", "新增区"))
    case.save()
    assert henan_on_home() == henan_in_tree() == before
    case.region = region
    case.save()
    case.delete()
    assert henan_on_home() == henan_in_tree() == before
