"""Time: each article's date (or 日期不详), each figure's years, each case's year, on
every page, in the feed, the API and the CSVs, and the list filtered and sorted by
year."""

import csv
import io
from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from cases.lib.periods import resolve_years
from cases.models import Case, Metric, SourceArticle
from tests.factories import make_article, make_case, make_metric

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DATED = "004_8bbffb6f5c1d8144.txt"  # the one seed article that states its date


def html(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_only_the_article_that_states_its_date_has_one():
    dated = SourceArticle.objects.exclude(published_on=None)
    assert [(a.origin, a.published_on) for a in dated] == [(DATED, date(2025, 12, 16))]


def test_an_article_page_shows_its_date_or_says_it_is_unknown(client):
    dated = SourceArticle.objects.get(origin=DATED)
    assert "2025年12月16日" in html(client, dated.get_absolute_url())
    undated = SourceArticle.objects.get(origin__startswith="003")
    assert "日期不详" in html(client, undated.get_absolute_url())


def test_every_seed_figure_has_the_years_its_period_and_article_give():
    for metric in Metric.objects.select_related("source"):
        expected = resolve_years(metric.period, metric.source.published_on)
        assert (metric.year_from, metric.year_to) == expected, metric.subject


def test_figures_keep_the_years_of_their_period():
    rate = Metric.objects.get(subject="街道“大工委”议事协商办结率")
    assert (rate.period, rate.years) == ("2024年", "2024年")
    stations = Metric.objects.get(subject="为快递、外卖小哥打造红色驿站数量")
    assert (stations.period, stations.years) == ("2023年以来", "2023年以来")
    # 今年 in an article without a date stays unresolved: never guessed.
    served = Metric.objects.get(subject="服务老年人")
    assert (served.period, served.years) == ("今年以来", "")


def test_a_case_page_shows_its_year_its_sources_dates_and_its_figures_years(client):
    case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
    page = html(client, case.get_absolute_url())
    assert "2024年" in page  # the figures' years, in the table
    assert "日期不详" in page  # its source article states no date
    dated = Case.objects.get(slug="zhengzhou-jinshui-xinyuan-duoyuan-gongzhi")
    page = html(client, dated.get_absolute_url())
    assert "河南红色传承教育培训" in page and "2025年12月16日" in page


def test_a_case_year_is_its_sources_year_else_its_figures_latest():
    """The definition, as the list's filter and sort use it."""
    assert Case.objects.get(slug="zhengzhou-jinshui-xinyuan-duoyuan-gongzhi").year == (
        2025
    )
    assert Case.objects.get(slug="nanchang-gxq-dangjian-jiceng-zhili").year == 2023
    assert Case.objects.get(slug="zigong-xueyuan-xiaoyuan-tongxue").year is None


def test_a_case_year_follows_its_sources_and_figures():
    article = make_article()
    case = make_case()
    make_metric(case, source=article, period="2022年", year_from=2022, year_to=2022)
    case.refresh_from_db()
    assert case.year == 2022
    article.published_on = date(2024, 5, 1)
    article.save()
    case.refresh_from_db()
    assert case.year == 2024
    case.sources.remove(article)
    case.refresh_from_db()
    assert case.year == 2022


def test_cards_show_each_cases_year(client):
    page = html(client, reverse("cases:case-list"), source=_dated_source().pk)
    assert "2025年" in page
    undated = SourceArticle.objects.get(origin__startswith="000")
    assert "年份不详" in html(client, reverse("cases:case-list"), source=undated.pk)


def test_the_list_filters_by_year(client):
    response = client.get(reverse("cases:case-list"), {"year": 2025})
    cases = list(response.context["page"])
    assert cases and {case.year for case in cases} == {2025}
    assert response.context["page"].paginator.count == (
        Case.objects.published().filter(year=2025).count()
    )


def test_the_list_sorts_by_year_newest_first_undated_last(client):
    response = client.get(reverse("cases:case-list"), {"sort": "year"})
    years = [case.year for case in response.context["page"]]
    dated = [year for year in years if year is not None]
    assert dated == sorted(dated, reverse=True)
    assert years[: len(dated)] == dated  # undated last


def test_a_year_that_is_not_a_year_is_a_400(client):
    assert client.get(reverse("cases:case-list"), {"year": "abc"}).status_code == 400


def test_feed_entries_are_dated_by_publication_and_last_update(client):
    feed = ElementTree.fromstring(client.get(reverse("endpoints:case-feed")).content)
    entries = {
        entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")
    }
    dated = Case.objects.get(slug="zhengzhou-jinshui-xinyuan-duoyuan-gongzhi")
    entry = entries[dated.title]
    assert entry.findtext(f"{ATOM}published").startswith("2025-12-16")
    assert entry.findtext(f"{ATOM}updated")[:19] == dated.updated_at.isoformat()[:19]
    undated = Case.objects.get(slug="zigong-xueyuan-xiaoyuan-tongxue")
    assert entries[undated.title].find(f"{ATOM}published") is None


def test_the_api_gives_dates_and_years(client):
    data = client.get(reverse("endpoints:api-case-list"), {"page_size": 500}).json()
    case = next(
        c for c in data["results"] if c["title"].startswith("郑州金水区鑫苑社区")
    )
    assert case["year"] == 2025
    assert case["published_at"] and case["updated_at"]
    (source,) = case["sources"]
    assert source["published_on"] == "2025-12-16"
    assert source["publication"] == "河南红色传承教育培训"
    figures = client.get(
        reverse("endpoints:api-metric-list"), {"page_size": 500}
    ).json()
    rate = next(
        m for m in figures["results"] if m["subject"] == "街道“大工委”议事协商办结率"
    )
    assert (rate["year_from"], rate["year_to"]) == (2024, 2024)
    assert rate["source"]["published_on"] is None


def _csv(client, name, **params) -> list[dict]:
    response = client.get(reverse(f"endpoints:{name}"), params)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_csvs_give_dates_and_years(client):
    cases = {row["标题"]: row for row in _csv(client, "case-export")}
    dated = cases[
        Case.objects.get(year=2025, slug__startswith="zhengzhou-jinshui-x").title
    ]
    assert dated["年份"] == "2025"
    assert "2025-12-16" in dated["来源"]
    undated = cases[Case.objects.get(slug="zigong-xueyuan-xiaoyuan-tongxue").title]
    assert undated["年份"] == ""
    assert "日期不详" in undated["来源"]
    figures = _csv(client, "metric-export")
    rate = next(r for r in figures if r["统计对象"] == "街道“大工委”议事协商办结率")
    assert (rate["起始年份"], rate["截止年份"]) == ("2024", "2024")


def _dated_source():
    return SourceArticle.objects.get(origin=DATED)
