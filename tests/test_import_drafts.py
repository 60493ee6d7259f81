"""What a curator gets from an import: drafts that read like the library's cases and
publish without repair, and an article recorded once with its byline."""

from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from cases.admin import CaseAdmin
from cases.importers import (
    ImportRejected,
    parse_article,
    save_proposal,
    suggest_themes,
)
from cases.lib.numbers import strip_whitespace
from cases.models import Case, SourceArticle
from tests.factories import make_case

pytestmark = pytest.mark.django_db

REPORT = """“楼栋管家”让老旧小区焕新颜
稿件来源：江城日报
发布时间：2025-06-30 09:15
湖北省武汉市江岸区四唯街道组建“楼栋管家”志愿服务队，整合网格员、物业和居民力量，
化解邻里矛盾纠纷。今年以来，服务队收集居民诉求 236件，办结 229件，办结率达97%。
四唯街道还在辖区划分 48个网格，由网格员每周入户走访，群众满意率达98.5%。（记者 陈小林）
"""


def test_a_draft_is_titled_in_the_library_style_without_status_words():
    (case,) = save_proposal(parse_article(REPORT), "report-title.txt")
    assert case.title == "江岸区四唯街道：“楼栋管家”让老旧小区焕新颜"
    assert "待审核" not in case.title and "草稿" not in case.title


def test_a_draft_without_a_headline_is_named_by_its_first_practice():
    text = "湖北省武汉市江岸区四唯街道组建“楼栋管家”志愿服务队，收集居民诉求 236件。"
    (case,) = save_proposal(parse_article(text), "report-practice.txt")
    assert case.title == "江岸区四唯街道：“楼栋管家”志愿服务队"


def test_the_summary_is_drawn_from_the_articles_own_sentences():
    (case,) = save_proposal(parse_article(REPORT), "report-summary.txt")
    assert "楼栋管家" in case.summary
    assert strip_whitespace(case.summary) in strip_whitespace(REPORT)


def test_the_byline_gives_the_articles_publication_date_and_author():
    save_proposal(parse_article(REPORT), "report-byline.txt")
    article = SourceArticle.objects.get(origin="report-byline.txt")
    assert (article.title, article.publication, article.published_on) == (
        "“楼栋管家”让老旧小区焕新颜",
        "江城日报",
        date(2025, 6, 30),
    )
    assert article.author == "陈小林"


def test_themes_come_from_the_taxonomy_by_keywords():
    proposal = parse_article(REPORT)
    suggest_themes(proposal)
    assert {"网格化管理", "矛盾调解"} <= set(proposal.places[0].themes)
    (case,) = save_proposal(proposal, "report-themes.txt")
    assert {"网格化管理", "矛盾调解"} <= set(case.themes.values_list("name", flat=True))


def test_themes_also_come_from_the_most_similar_cases():
    similar = make_case(
        title="某街道“楼栋管家”守护独居老人", summary="楼栋管家上门探访。"
    )
    similar.themes.set([similar.themes.model.objects.get(name="养老托幼")])
    text = "湖北省武汉市江岸区四唯街道推出“楼栋管家”，楼栋管家已上门 300次。"
    proposal = parse_article(text)
    suggest_themes(proposal)
    assert proposal.places[0].themes[0] == "养老托幼"


def test_the_same_origin_is_never_imported_twice_whatever_its_spelling():
    save_proposal(parse_article(REPORT), "https://news.example.cn/2025/0630/a1.html")
    for same in (
        "http://news.example.cn/2025/0630/a1.html",
        "https://NEWS.example.cn/2025/0630/a1.html/",
        "https://news.example.cn/2025/0630/a1.html#top",
    ):
        with pytest.raises(ImportRejected, match="已导入过"):
            save_proposal(parse_article(REPORT), same)
    other = "https://news.example.cn/2025/0630/a1.html?page=2"
    assert save_proposal(parse_article(REPORT), other)


def test_a_file_name_differing_only_in_case_is_the_same_origin():
    save_proposal(parse_article(REPORT), "Report-Case.TXT")
    with pytest.raises(ImportRejected):
        save_proposal(parse_article(REPORT), " report-case.txt ")


def test_a_street_without_its_county_must_be_completed_before_saving():
    text = "关口街道推行“楼栋议事”，收集诉求 36件。"
    proposal = parse_article(text)
    assert [p.chain_text for p in proposal.places] == ["关口街道"]
    with pytest.raises(ImportRejected, match="补全"):
        save_proposal(proposal, "no-county.txt")
    assert not SourceArticle.objects.filter(origin="no-county.txt").exists()


def test_an_imported_draft_validates_and_publishes_as_it_is(admin_user):
    (case,) = save_proposal(parse_article(REPORT), "report-publish.txt")
    case.full_clean()
    for metric in case.metrics.select_related("source"):
        metric.full_clean()
    assert case.metrics.count() == 5
    request = RequestFactory().post("/")
    request.user = admin_user
    request._messages = _Messages()
    CaseAdmin(Case, site).publish(request, Case.objects.filter(pk=case.pk))
    case.refresh_from_db()
    assert case.status == Case.Status.PUBLISHED
    assert case.title == "江岸区四唯街道：“楼栋管家”让老旧小区焕新颜"


class _Messages:
    def add(self, *args, **kwargs):
        pass
