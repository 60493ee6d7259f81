"""A figure filter (办结率 ≥ 85) carries through: to the cards, the figures CSV and
the API, which show the figures that met it."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Metric
from tests.factories import make_case, make_metric

pytestmark = pytest.mark.django_db
LIST = reverse("cases:case-list")
FILTER = {"metric": "办结率", "metric_min": "85"}


def meeting(**figure_filter):
    return Metric.objects.published().meeting(**figure_filter)


def filtered_cases():
    return Case.objects.published().with_metric(subject="办结率", minimum=85)


def csv_rows(client, **params) -> list[dict]:
    response = client.get(reverse("endpoints:metric-export"), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_each_card_shows_the_best_figure_that_met_the_filter(client):
    html = client.get(LIST, FILTER).content.decode()
    cases = list(filtered_cases())
    assert len(cases) == 3
    cards = html.split('<article class="card">')[1:]
    assert len(cards) == len(cases)
    for case in cases:
        best = meeting(subject="办结率", minimum=85).filter(case=case)
        best = best.order_by("-value").first()
        card = next(card for card in cards if case.get_absolute_url() in card)
        assert best.subject in card
        assert best.display_value in card
        assert best.get_absolute_url() in card
        # Figures that did not meet the filter stay off the card.
        for other in case.metrics.filter(subject__contains="办结率", value__lt=85):
            assert other.get_absolute_url() not in card


def test_cards_say_how_many_more_figures_met_the_filter(client):
    case = make_case(title="多项办结率的案例")
    for value in (91, 92, 93):
        make_metric(
            case,
            subject="诉求办结率",
            kind=Metric.Kind.RATE,
            value=value,
            unit="%",
            quote=f"诉求办结率{value}%",
        )
    html = client.get(LIST, {**FILTER, "q": "多项办结率的案例"}).content.decode()
    assert "93%" in html
    assert "另有 2 项符合" in html


def test_cards_without_a_figure_filter_show_no_matched_figure(client):
    html = client.get(LIST, {"theme": "grid-management"}).content.decode()
    assert "符合条件的数据" not in html


def test_a_figure_filtered_page_asks_as_many_queries_however_many_cases_match(
    client,
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, FILTER).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for i in range(6):
        case = make_case(title=f"新增办结率案例{i}")
        make_metric(
            case,
            subject="办结率",
            kind=Metric.Kind.RATE,
            value=90 + i,
            unit="%",
            quote=f"办结率{90 + i}%",
        )
    assert queries() == before


def test_the_figures_csv_holds_only_the_figures_that_met_the_filter(client):
    rows = csv_rows(client, **FILTER)
    expected = meeting(subject="办结率", minimum=85)
    assert sorted(row["原文引述"] for row in rows) == sorted(
        expected.values_list("quote", flat=True)
    )
    assert all(float(row["数值"]) >= 85 for row in rows)
    assert "50" not in {row["数值"] for row in rows}


def test_the_figures_csv_switch_gives_every_figure_of_the_cases(client):
    rows = csv_rows(client, **FILTER, figures="all")
    every = Metric.objects.filter(case__in=filtered_cases())
    assert len(rows) == every.count() > 3
    assert {"50", "25"} <= {row["数值"] for row in rows}


def test_the_figures_csv_without_a_figure_filter_is_unchanged(client):
    rows = csv_rows(client, theme="mediation")
    every = Metric.objects.filter(
        case__in=Case.objects.published().filter(themes__slug="mediation")
    )
    assert len(rows) == every.count()


def test_a_bad_figures_switch_is_a_400(client):
    response = client.get(
        reverse("endpoints:metric-export"), {**FILTER, "figures": "x"}
    )
    assert response.status_code == 400
    api = client.get(reverse("endpoints:api-metric-list"), {**FILTER, "figures": "x"})
    assert api.status_code == 400


def test_the_list_offers_both_csvs_when_a_figure_filter_is_set(client):
    html = client.get(LIST, FILTER).content.decode()
    assert "figures=all" in html
    assert "符合条件的数据" in html
    assert "figures=all" not in client.get(LIST, {"q": "网格"}).content.decode()


def test_the_metrics_api_returns_only_the_figures_that_met_the_filter(client):
    url = reverse("endpoints:api-metric-list")
    data = client.get(url, {**FILTER, "page_size": 500}).json()
    assert data["count"] == meeting(subject="办结率", minimum=85).count() == 3
    assert all(figure["value"] >= 85 for figure in data["results"])
    every = client.get(url, {**FILTER, "figures": "all", "page_size": 500}).json()
    assert every["count"] == Metric.objects.filter(case__in=filtered_cases()).count()


def test_the_cases_api_shows_each_cases_matching_figures(client):
    url = reverse("endpoints:api-case-list")
    data = client.get(url, FILTER).json()
    assert data["count"] == 3
    for result in data["results"]:
        expected = meeting(subject="办结率", minimum=85).filter(case=result["id"])
        shown = result["matched_metrics"]
        assert sorted(f["quote"] for f in shown) == sorted(
            expected.values_list("quote", flat=True)
        )
        assert all(f["value"] >= 85 for f in shown)
    assert "matched_metrics" not in client.get(url).json()["results"][0]
