"""The compare page compares like with like: changes are a kind of their own and
never share a chart with levels, and the subjects it suggests are the figures
several places report."""

import pytest
from django.urls import reverse

from cases.comparison import common_terms
from cases.importers.figures import find_metrics
from cases.importers.proposal import ArticleText
from cases.lib.subjects import subject_key
from cases.models import Case, Metric
from tests.factories import make_case, make_metric, make_region

pytestmark = pytest.mark.django_db

CHANGES = {
    "议事协商办结率较上年度增长",
    "社区工作者配备比中央要求高出",
    "社区工作者薪酬增长",
    "专职网格员薪酬增长",
    "街道召开各类会议同比减少",
    "向社区发文同比减少",
}
GENERIC_WORDS = {"社区", "数量", "单位", "开展", "人数", "网格", "次数"}


def compare(client, **params):
    return client.get(reverse("cases:compare"), params)


def test_the_seed_changes_are_changes_and_nothing_else_is():
    changes = Metric.objects.filter(kind=Metric.Kind.CHANGE)
    assert set(changes.values_list("subject", flat=True)) == CHANGES


def test_a_change_never_shares_a_chart_with_levels(client):
    response = compare(client, subject="办结率")
    charts = response.context["comparison"].charts
    growth = Metric.objects.get(subject="议事协商办结率较上年度增长")
    (with_growth,) = [c for c in charts if growth in [b.metric for b in c.bars]]
    assert with_growth.is_change
    assert {bar.metric.kind for bar in with_growth.bars} == {Metric.Kind.CHANGE}
    levels = [c for c in charts if not c.is_change]
    assert levels and all(
        bar.metric.kind != Metric.Kind.CHANGE for c in levels for bar in c.bars
    )
    html = response.content.decode()
    assert "增减变化" in html  # the change chart says what it is


def test_a_chart_holds_one_unit(client):
    for chart in compare(client, subject="网格").context["comparison"].charts:
        assert {bar.metric.unit for bar in chart.bars} == {chart.unit}


def test_changes_can_be_compared_on_their_own(client):
    shown = compare(client, kind="change").context["comparison"].metrics
    assert {m.subject for m in shown} == CHANGES


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("街道“大工委”议事协商办结率", "办结率"),
        ("事项三天内办结率", "办结率"),
        ("“芝山晚枫”调解满意率", "满意率"),
        ("志愿者帮助化解矛盾纠纷", "化解纠纷"),
        ("“芝山晚枫”调解纠纷", "化解纠纷"),
        ("解决群众急难愁盼问题", "解决问题"),
        ("“随褚办”受理群众诉求", "受理诉求"),
        ("社区网格数量", ""),
        ("议事协商办结率较上年度增长", ""),  # a change is not a level's key
    ],
)
def test_subjects_are_normalised_to_the_figure_people_compare(subject, key):
    assert subject_key(subject) == key


def test_suggested_subjects_are_figures_several_places_report(client):
    terms = compare(client).context["terms"]
    words = [term.word for term in terms]
    assert {"办结率", "解决问题", "化解纠纷"} <= set(words)
    assert not set(words) & GENERIC_WORDS
    assert all(term.places >= 2 for term in terms)
    places = [term.places for term in terms]
    assert places == sorted(places, reverse=True)


def test_a_suggested_subject_lists_the_figures_it_counts(client):
    for term in compare(client).context["terms"]:
        shown = compare(client, subject=term.word).context["comparison"].metrics
        regions = {metric.case.region_id for metric in shown}
        assert len(regions) >= term.places >= 2, term.word


def test_a_normalised_subject_finds_the_figures_that_spell_it_out(client):
    shown = compare(client, subject="解决问题").context["comparison"].metrics
    assert "解决群众急难愁盼问题" in {m.subject for m in shown}
    cases = client.get(reverse("cases:case-list"), {"metric": "解决问题"})
    zigong = Case.objects.get(slug="zigong-xueyuan-xiaoyuan-tongxue")
    assert zigong in list(cases.context["page"])


def test_places_not_figures_rank_the_suggestions():
    one_place = make_case(region=make_region(("排序省", "一地市")))
    for n in range(5):
        make_metric(one_place, subject=f"排序测试{n}受理率", kind="rate", value=50)
    for name in ("二地市", "三地市", "四地市"):
        case = make_case(region=make_region(("排序省", name)))
        make_metric(case, subject="排序测试回访率", kind="rate", value=50, unit="%")
    ranked = [term.word for term in common_terms(limit=100)]
    assert "回访率" in ranked
    assert "受理率" not in ranked  # five figures, but one place


def test_the_importer_marks_changes():
    text = "2024年街道议事协商办结率85.7%，较上年度增长25%。会议数量同比减少8.1%。"
    kinds = {str(m.value): m.kind for m in find_metrics(ArticleText(text), [])}
    assert kinds["85.7"] == "rate"
    assert kinds["25"] == kinds["8.1"] == Metric.Kind.CHANGE
