"""Similar cases on a case page: ranked by shared practices, themes and jieba
keywords, drawn from published cases only, at a constant number of queries."""

import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import similar
from cases.models import Case, Theme
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def similar_to(case) -> list[Case]:
    case = Case.objects.prefetch_related("practices", "themes").get(pk=case.pk)
    return [found.case for found in similar.similar_cases(case)]


def test_for_every_seed_case_the_top_three_share_a_theme_or_practice():
    cases = Case.objects.published().prefetch_related("practices", "themes")
    assert cases.count() == 22
    for case in cases:
        found = similar.similar_cases(case)
        assert len(found) >= 3, case.title
        practices = {p.pk for p in case.practices.all()}
        themes = {t.pk for t in case.themes.all()}
        for item in found[:3]:
            other = item.case
            shares = practices & {p.pk for p in other.practices.all()} or themes & {
                t.pk for t in other.themes.all()
            }
            assert shares, (case.title, other.title)
            assert item.practices or item.themes


def test_the_case_page_lists_similar_cases_with_what_they_share(client):
    case = Case.objects.get(slug="jiaozuo-jiefangqu-wangchu-wangge-jia")
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert "相似案例" in html
    shown = response.context["similar"]
    assert shown
    assert case not in [item.case for item in shown]
    first = shown[0]
    assert first.case.get_absolute_url() in html
    assert "共同" in html


def test_a_rare_shared_practice_ranks_above_a_shared_theme():
    theme = Theme.objects.get(slug="culture")
    case = make_case(practices=["相似测试甲"])
    case.themes.add(theme)
    by_theme = make_case()
    by_theme.themes.add(theme)
    by_practice = make_case(practices=["相似测试甲"])
    assert similar_to(case)[:2] == [by_practice, by_theme]


def test_shared_keywords_rank_cases_of_the_same_theme():
    theme = Theme.objects.get(slug="ethnic-unity")
    case = make_case(
        title="石榴籽家园互嵌式社区建设",
        summary="以石榴籽家园为载体，推动各民族互嵌式居住，开展石榴籽宣讲。",
    )
    alike = make_case(
        title="民族团结进步示范社区",
        summary="打造石榴籽家园，建设互嵌式社区，组织石榴籽宣讲团。",
    )
    unlike = make_case(title="民族团结表彰大会", summary="召开表彰大会，表彰先进个人。")
    for each in (case, alike, unlike):
        each.themes.add(theme)
    found = similar_to(case)
    assert found.index(alike) < found.index(unlike)
    item = similar.similar_cases(
        Case.objects.prefetch_related("practices", "themes").get(pk=case.pk)
    )[found.index(alike)]
    assert "石榴" in item.keywords


def test_a_common_practice_alone_makes_no_candidate(monkeypatch):
    monkeypatch.setattr(similar, "DISTINCTIVE_PRACTICE_CASES", 2)
    case = make_case(practices=["相似测试乙", "相似测试丙"])
    twin = make_case(practices=["相似测试乙"])
    crowd = [make_case(practices=["相似测试丙"]) for _ in range(2)]
    assert similar_to(case) == [twin]
    assert crowd[0] not in similar_to(crowd[1])


def test_drafts_are_never_similar_however_many_rank_first(monkeypatch):
    monkeypatch.setattr(similar, "PRACTICE_CANDIDATES", 5)
    case = make_case(practices=["相似草稿甲", "相似草稿乙"])
    drafts = [
        make_case(practices=["相似草稿甲", "相似草稿乙"], status=Case.Status.DRAFT)
        for _ in range(8)  # more than the candidates read
    ]
    published = make_case(practices=["相似草稿甲"])
    found = similar_to(case)
    assert found == [published]
    assert not set(found) & set(drafts)


def test_keywords_are_computed_once_per_version_of_the_text(monkeypatch):
    case = Case.objects.prefetch_related("practices", "themes").get(
        slug="jianou-dangjian-yinqing-shequ-zhili"
    )
    calls = []
    extract = similar.extract_keywords
    monkeypatch.setattr(
        similar, "extract_keywords", lambda c: calls.append(c.pk) or extract(c)
    )
    first = similar.keywords(case)
    assert similar.keywords(case) == first
    assert calls == [case.pk]
    assert "吃茶话事" in [word for word, _ in first]
    case.summary = "全新的摘要：垃圾分类积分兑换超市。"
    case.save()
    changed = similar.keywords(case)
    assert calls == [case.pk, case.pk]
    assert changed != first


def test_the_case_page_asks_as_many_queries_for_every_case_and_cache_state(client):
    """Whether a case's keywords are in the cache or not, and whatever the case,
    the page asks the same queries (whole pages are not kept between requests
    here)."""
    from django.core.cache import caches

    def queries(case, keep_keywords: bool):
        caches["pages"].clear()
        if not keep_keywords:
            caches["default"].clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(case.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    # A case without figures skips the prefetch of their sources.
    cases = list(Case.objects.published().filter(metrics__isnull=False).distinct())
    cold = {queries(case, keep_keywords=False) for case in cases}
    make_case(practices=["吃茶话事"])  # a new candidate for some
    warm = {queries(case, keep_keywords=True) for case in cases for _ in range(2)}
    assert len(cold) == 1
    assert warm == cold


def test_importing_the_site_does_not_load_jieba():
    code = (
        "import sys, django; django.setup(); "
        "import cases.similar, cases.views, cases.urls, govcases.urls; "
        "assert 'jieba' not in sys.modules, 'jieba loaded at import'"
    )
    env = {"DJANGO_SETTINGS_MODULE": "govcases.settings", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
