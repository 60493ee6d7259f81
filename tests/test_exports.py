import csv
import io
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from cases.models import Case, Metric, Practice, SourceArticle, Theme
from cases.views.exports import CASE_HEADER, METRIC_HEADER
from tests.factories import make_case, make_metric, make_region

pytestmark = pytest.mark.django_db


ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
INJECTION = "=cmd|' /C calc'!A0"


def download(client, name, **params):
    response = client.get(reverse(f"endpoints:{name}"), params)
    body = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    return response, body


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def draft():
    case = make_case(
        title="未发布的草稿案例",
        status=Case.Status.DRAFT,
        region=make_region(("草稿省", "草稿市"), ("province", "city")),
        practices=["草稿专用做法"],
    )
    make_metric(case, subject="草稿专用数据")
    return case


def test_case_csv_has_a_bom_a_header_and_every_published_case(client):
    response, body = download(client, "case-export")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="govcases-cases.csv"'
    )
    assert body.startswith(b"\xef\xbb\xbf")
    header, *data = rows(body)
    assert header == CASE_HEADER
    assert sorted(int(row[0]) for row in data) == sorted(
        Case.objects.published().values_list("pk", flat=True)
    )


def test_case_csv_rows_carry_the_case(client):
    _, body = download(client, "case-export", q="吃茶话事")
    (row,) = rows(body)[1:]
    case = Case.objects.get(pk=row[0])
    assert row[1] == case.title
    assert row[2] == "福建省 › 南平市 › 建瓯市"
    assert "吃茶话事" in row[4].split("、")
    assert row[7] == str(case.metrics.count())
    assert row[9] == f"http://testserver/cases/{case.pk}/"
    assert all(s.origin in row[8] for s in case.sources.all())


def test_case_csv_is_filtered_like_the_list(client):
    _, body = download(client, "case-export", theme="grid-management")
    theme = Theme.objects.get(slug="grid-management")
    expected = set(theme.cases.published().values_list("pk", flat=True))
    assert expected
    assert {int(row[0]) for row in rows(body)[1:]} == expected
    assert all("网格化管理" in row[5] for row in rows(body)[1:])


def test_metric_csv_has_a_row_per_figure_with_its_provenance(client):
    response, body = download(client, "metric-export")
    assert body.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == (
        'attachment; filename="govcases-metrics.csv"'
    )
    header, *data = rows(body)
    assert header == METRIC_HEADER
    assert len(data) == Metric.objects.filter(case__status="published").count()
    row = next(r for r in data if r[8] == "目前已收集居民诉求 131个")
    assert row[1].startswith("四川省 › 自贡市")
    assert row[3:8] == ["131", "", "个", "", "目前"]
    assert row[10] == "000_fad4be8173178ba6.txt"
    assert row[9] == SourceArticle.objects.get(origin=row[10]).title
    ranged = next(r for r in data if r[8] == "每天安排2至3名全科社工")
    assert ranged[3:6] == ["2", "3", "名"]


def test_metric_csv_is_filtered_like_the_list(client):
    _, body = download(client, "metric-export", theme="grid-management")
    theme = Theme.objects.get(slug="grid-management")
    expected = Metric.objects.filter(case__in=theme.cases.published())
    assert len(rows(body)) - 1 == expected.count() > 0
    titles = set(theme.cases.published().values_list("title", flat=True))
    assert {row[0] for row in rows(body)[1:]} == titles


def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(client):
    case = make_case(title=INJECTION, summary="+SUM(A1:A9)", practices=["@import"])
    make_metric(case, subject="-2+3", quote="\t=1+1", period="\r=2")
    _, cases_csv = download(
        client, "case-export", practice=Practice.objects.get(name="@import").pk
    )
    (row,) = rows(cases_csv)[1:]
    assert row[1] == "'" + INJECTION
    assert row[4] == "'@import"
    assert row[6] == "'+SUM(A1:A9)"
    _, metrics_csv = download(client, "metric-export", q=INJECTION)
    (row,) = rows(metrics_csv)[1:]
    assert row[0] == "'" + INJECTION
    assert (row[2], row[7], row[8]) == ("'-2+3", "'\r=2", "'\t=1+1")


def test_drafts_never_appear_in_the_csvs(client, draft):
    _, cases_csv = download(client, "case-export")
    _, metrics_csv = download(client, "metric-export")
    assert str(draft.pk) not in [row[0] for row in rows(cases_csv)]
    assert "未发布的草稿案例".encode() not in cases_csv + metrics_csv
    assert "草稿专用数据".encode() not in metrics_csv


@pytest.mark.parametrize("name", ["case-export", "metric-export"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "nope"}, "主题："),
        ({"region": "abc"}, "地区（含下级）："),
        ({"metric_min": 5, "metric_max": 1}, "数值下限不能大于上限"),
        ({"q": "吃" * 300}, "关键词："),
    ],
)
def test_bad_parameters_get_a_plain_400(client, name, params, message):
    response, body = download(client, name, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert body.decode().startswith("参数无效，无法导出。")
    assert message in body.decode()


def _add_cases(n=5):
    for i in range(n):
        case = make_case(practices=[f"导出做法{i}"], communities=[f"导出社区{i}"])
        make_metric(case, subject="导出测试数据", value=i)


@pytest.mark.parametrize(
    ("name", "queries"),
    # Cases: their ids, then per chunk the cases, communities, practices, themes,
    # sources and figure counts. Figures: one query. The theme is looked up once, and
    # the content version once per request.
    [("case-export", 9), ("metric-export", 3)],
)
def test_export_queries_do_not_grow_with_the_data(
    client, django_assert_num_queries, name, queries
):
    with django_assert_num_queries(queries):
        _, before = download(client, name, theme="grid-management")
    grid = Theme.objects.get(slug="grid-management")
    _add_cases()
    for case in Case.objects.filter(practices__name__startswith="导出做法"):
        case.themes.add(grid)
    with django_assert_num_queries(queries):
        _, after = download(client, name, theme="grid-management")
    assert len(rows(after)) == len(rows(before)) + 5


def test_the_feed_lists_the_newest_published_cases(client, draft):
    newest = make_case(
        title="最新发布的案例", region=make_region(("福建省", "南平市", "建瓯市"))
    )
    response = client.get(reverse("endpoints:case-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    published = Case.objects.published()
    assert len(entries) == min(30, published.count())
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "最新发布的案例"
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver{newest.get_absolute_url()}"
    )
    assert first.findtext(f"{ATOM}summary") == newest.summary
    # Dated by its source articles' publication, which this one does not give,
    # and by its last update.
    assert first.find(f"{ATOM}published") is None
    assert first.findtext(f"{ATOM}updated")
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == [
        "福建省",
        "南平市",
        "建瓯市",
    ]
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert "未发布的草稿案例" not in titles
    assert titles <= set(published.values_list("title", flat=True))


def test_the_feed_keeps_at_most_30_cases(client):
    for _ in range(35 - Case.objects.published().count()):
        make_case()
    feed = ElementTree.fromstring(client.get(reverse("endpoints:case-feed")).content)
    assert len(feed.findall(f"{ATOM}entry")) == 30


def test_the_sitemap_lists_published_content_and_nothing_else(client, draft):
    response = client.get(reverse("endpoints:sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    paths = {loc.removeprefix("http://testserver") for loc in locations}
    assert {"/", "/cases/", "/regions/", "/compare/"} <= paths
    published = Case.objects.published()
    assert {c.get_absolute_url() for c in published} <= paths
    assert draft.get_absolute_url() not in paths
    zigong = published.get(practices__name="小苑同学")
    for region in [*zigong.region.ancestors(), zigong.region]:
        assert region.get_absolute_url() in paths
    assert draft.region.get_absolute_url() not in paths
    assert draft.practices.get().get_absolute_url() not in paths
    assert Practice.objects.get(name="小苑同学").get_absolute_url() in paths
    assert "/themes/grid-management/" in paths
    article = SourceArticle.objects.get(origin="000_fad4be8173178ba6.txt")
    assert article.get_absolute_url() in paths
    assert draft.sources.get().get_absolute_url() not in paths


def test_robots_txt_allows_all_but_the_admin_and_points_at_the_sitemap(client):
    response = client.get(reverse("endpoints:robots"))
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
