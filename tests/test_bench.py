"""The benchmark corpus and measurement, at a size the suite can afford."""

import pytest

from benchmarks import corpus, measure, report
from cases import search
from cases.lib.provenance import provenance_problems
from cases.models import Case, Metric

pytestmark = pytest.mark.django_db

CASES = 200
SEED = 7


def titles(generated):
    return [case.title for batch in generated.case_batches() for case in batch]


@pytest.fixture
def loaded():
    generated = corpus.generate(CASES, seed=SEED, cases_per_article=20)
    result = corpus.load(generated)
    search.index(
        Case.objects.filter(slug__startswith=f"bench-{SEED}-").values_list(
            "pk", flat=True
        )
    )
    return result


def test_the_same_seed_gives_the_same_corpus():
    first = titles(corpus.generate(CASES, seed=SEED))
    assert first == titles(corpus.generate(CASES, seed=SEED))
    assert first != titles(corpus.generate(CASES, seed=SEED + 1))
    assert len(set(first)) > CASES * 0.9


def test_every_synthetic_figure_is_quoted_from_its_article(loaded):
    metrics = Metric.objects.filter(case__slug__startswith=f"bench-{SEED}-")
    assert loaded["cases"] == CASES
    assert metrics.count() == loaded["metrics"] >= 2 * CASES
    assert provenance_problems(metrics.select_related("case", "source")) == []


def test_measurement_returns_the_json_records(loaded):
    result = measure.run(
        "sqlite",
        CASES,
        repeat=2,
        warmup=0,
        cap=5,
        only=["home", "case page", "search engine"],
    )
    records = report.json_records(result["records"])
    pages = [record["page"] for record in records]
    assert pages[0] == "home" and "case page" in pages
    assert any("engine" in page for page in pages)
    for record in records:
        assert set(report.JSON_KEYS) <= set(record)
        assert record["p95_ms"] >= record["p50_ms"] > 0
        assert record["queries"] > 0
    home = records[0]
    assert home["baseline_p95_ms"] > 0
    assert result["rss_mb"]["VmRSS"] > 0


def test_a_slow_baseline_is_reported_from_its_first_call_alone():
    calls = []

    def baseline():
        calls.append(1)

    # A zero cap makes any first call "slow": it is the sample, not run again
    # (one more call counts its queries).
    slow = measure.measure_baseline(baseline, repeat=5, cap=0)
    assert (slow["n"], len(calls)) == (1, 2)

    calls.clear()
    quick = measure.measure_baseline(baseline, repeat=5, cap=600)
    # One warm-up, five timed calls, one counted.
    assert (quick["n"], len(calls)) == (5, 7)


def test_a_baseline_past_its_stop_is_reported_as_a_lower_bound(monkeypatch):
    monkeypatch.setattr(measure, "BASELINE_STOP_SECONDS", 0)
    queried = []

    def baseline():
        for _ in range(3):
            queried.append(Case.objects.count())

    result = measure.measure_baseline(baseline, repeat=5, cap=600)
    assert result["stopped"] is True
    assert (result["n"], queried) == (1, [])  # stopped at its first query

    record = {
        "page": "home",
        "database": "sqlite",
        "cases": 10,
        "p50_ms": 10.0,
        "p95_ms": 20.0,
        "max_ms": 30.0,
        "baseline_p95_ms": 5000.0,
        "baseline_stopped": True,
        "ratio": 250.0,
        "status": 200,
    }
    row = report.table([record], markdown=True).splitlines()[-1]
    assert "> 5,000.0 (stopped)" in row and "> 250.0×" in row


def test_a_baseline_that_fails_before_its_stop_fails_the_run():
    from django.db import DatabaseError

    def broken():
        raise DatabaseError("no such table")

    with pytest.raises(DatabaseError):
        measure.measure_baseline(broken, repeat=5, cap=600)
