from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import Metric

pytestmark = pytest.mark.django_db


def test_verify_cases_passes_on_the_curated_content():
    out = StringIO()
    call_command("verify_cases", stdout=out)
    assert f"All {Metric.objects.count()} metrics verified" in out.getvalue()


def test_verify_cases_lists_every_broken_quote_and_fails():
    broken = Metric.objects.order_by("pk")[:2]
    for metric in broken:
        Metric.objects.filter(pk=metric.pk).update(quote=metric.quote + "（并非原文）")
    Metric.objects.filter(pk=Metric.objects.order_by("pk")[5].pk).update(value=123456)
    out = StringIO()
    with pytest.raises(CommandError, match="3 of"):
        call_command("verify_cases", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("FAIL")]
    assert len(lines) == 3
    assert sum("quote not in" in line for line in lines) == 2
    assert sum("does not state" in line for line in lines) == 1


def test_profile_search_shows_where_a_first_search_spends_its_time():
    out = StringIO()
    call_command("profile", "search", stdout=out)
    profile = out.getvalue()
    assert "case_list" in profile
    assert "ranked_ids" in profile


def test_profile_index_names_the_database_it_needs():
    from django.db import connection

    if connection.vendor == "postgresql":
        out = StringIO()
        call_command("profile", "index", stdout=out)
        assert "PostgreSQL" in out.getvalue() and "to_tsvector" in out.getvalue()
    else:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("profile", "index")


def test_measure_recall_finds_every_literal_match_of_the_bench_mix():
    out = StringIO()
    call_command("measure_recall", stdout=out)
    assert "(100.0%)" in out.getvalue()


def test_measure_recall_fails_when_search_misses_a_case(monkeypatch):
    from cases import search

    monkeypatch.setattr(search, "matching", lambda queryset, query: queryset.none())
    with pytest.raises(CommandError, match="吃茶话事"):
        call_command("measure_recall", "吃茶话事", stdout=StringIO())
