import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from cases.comparison import common_terms
from cases.lib.subjects import subject_key
from cases.models import Case, Metric
from tests.factories import make_case, make_metric

pytestmark = pytest.mark.django_db


BAR_RE = re.compile(r'<svg class="bar" width="([0-9.]+)%"')


def compare(client, **params):
    return client.get(reverse("cases:compare"), params)


def listed(response) -> list[Metric]:
    return response.context["comparison"].metrics


def published_about(subject):
    return Metric.objects.filter(
        case__status=Case.Status.PUBLISHED, subject__contains=subject
    )


def test_it_lists_every_published_figure_whose_subject_contains_the_words(client):
    response = compare(client, subject="办结率")
    expected = published_about("办结率")
    assert len(expected) == 6
    assert {m.pk for m in listed(response)} == {m.pk for m in expected}
    for metric in expected:
        assert metric.display_value in response.content.decode()
        assert metric.get_absolute_url() in response.content.decode()
        assert metric.case.get_absolute_url() in response.content.decode()
    assert "85.7%" in response.content.decode()
    assert "90%以上" in response.content.decode()


def test_it_shows_the_place_with_its_communities(client):
    response = compare(client, subject="街道“大工委”议事协商办结率")
    (metric,) = listed(response)
    assert metric.case.region.chain == "甘肃省 › 嘉峪关市"
    assert "甘肃省 › 嘉峪关市 › 祁连社区" in strip_tags(response.content.decode())


def test_it_sorts_by_value_both_ways_and_says_so(client):
    descending = compare(client, subject="办结率")
    values = [m.value for m in listed(descending)]
    assert values == sorted(values, reverse=True)
    assert values[0] == Decimal("95")
    assert 'aria-sort="descending"' in descending.content.decode()
    assert "?subject=%E5%8A%9E%E7%BB%93%E7%8E%87&amp;sort=value" in (
        descending.content.decode()
    )

    ascending = compare(client, subject="办结率", sort="value")
    assert [m.value for m in listed(ascending)] == values[::-1]
    assert 'aria-sort="ascending"' in ascending.content.decode()
    assert "sort=-value" in ascending.content.decode()


@pytest.mark.parametrize(
    ("sort", "ordering"),
    [
        ("place", ["case__region__chain", "case_id", "position"]),
        ("subject", ["subject", "-value", "pk"]),
    ],
)
def test_it_sorts_by_place_and_by_subject(client, sort, ordering):
    response = compare(client, subject="网格", sort=sort)
    expected = list(published_about("网格").order_by(*ordering))
    assert listed(response) == expected
    tables = len(response.context["comparison"].sections)  # levels, changes
    assert response.content.decode().count('aria-sort="ascending"') == tables


def test_the_chart_has_one_bar_per_row_scaled_to_the_largest(client):
    response = compare(client, subject="办结率")
    html = response.content.decode()
    widths = [float(w) for w in BAR_RE.findall(html)]
    assert len(widths) == len(listed(response)) == 6
    for chart in response.context["comparison"].charts:
        largest = max(bar.metric.value for bar in chart.bars)
        assert max(bar.width for bar in chart.bars) == 100
        for bar in chart.bars:
            expected = float(bar.metric.value / largest) * 100
            assert bar.width == pytest.approx(expected, abs=0.1)
    # The levels (5 rates) and the change (较上年度增长 25%) are two charts.
    assert html.count('<figure class="bar-chart') == 2
    figure = re.search(r"<figure.*?</figure>", html, re.S).group(0)
    ElementTree.fromstring(figure.replace("&", "&amp;"))  # well-formed
    caption = re.search(r'<figcaption id="chart-1-title">(.*?)</figcaption>', html)
    assert strip_tags(caption.group(1)) == "办结率（单位：%）"
    assert "共 5 个数据" in html
    assert "<script" not in html


def test_only_figures_with_the_same_unit_share_a_chart(client):
    response = compare(client, subject="网格")
    units = {m.unit for m in listed(response)}
    assert len(units) > 1
    for section in response.context["comparison"].sections:
        in_order = list(dict.fromkeys(m.unit for m in section.metrics))
        assert [c.unit for c in section.charts] == in_order
        for chart in section.charts:
            assert {bar.metric.unit for bar in chart.bars} == {chart.unit}
            assert max(bar.width for bar in chart.bars) == 100
    html = response.content.decode()
    charts = response.context["comparison"].charts
    assert html.count('<figure class="bar-chart') == len(charts)
    assert len(BAR_RE.findall(html)) == len(listed(response))


def test_kind_and_unit_narrow_the_comparison(client):
    rates = listed(compare(client, subject="率", kind="rate"))
    assert rates and all(m.kind == "rate" for m in rates)
    changes = listed(compare(client, subject="网格", kind="change"))
    assert [m.subject for m in changes] == ["专职网格员薪酬增长"]
    people = listed(compare(client, subject="网格", unit="名"))
    assert people and all(m.unit == "名" for m in people)
    every_rate = listed(compare(client, kind="rate"))
    assert (
        len(every_rate)
        == Metric.objects.filter(
            case__status=Case.Status.PUBLISHED, kind="rate"
        ).count()
    )


def test_it_ignores_drafts(client):
    draft = make_case(title="草稿案例", status=Case.Status.DRAFT)
    make_metric(draft, subject="草稿办结率", kind="rate", value=99, unit="%")
    response = compare(client, subject="办结率")
    assert all(m.case_id != draft.pk for m in listed(response))
    assert "草稿办结率" not in response.content.decode()


def test_without_a_subject_it_offers_the_common_subjects(client):
    response = compare(client)
    terms = {term.word: term for term in response.context["terms"]}
    assert {"办结率", "解决问题"} <= set(terms)
    for word in ("办结率", "解决问题"):
        figures = [
            m
            for m in Metric.objects.filter(case__status=Case.Status.PUBLISHED)
            if word in (m.subject, subject_key(m.subject))
        ]
        assert terms[word].figures == len(figures)
        assert terms[word].places == len({m.case.region_id for m in figures})
    assert all(term.places >= 2 for term in terms.values())
    assert "?subject=%E5%8A%9E%E7%BB%93%E7%8E%87" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "bogus"}, "排序方式无效"),
        ({"subject": "办结率", "kind": "bogus"}, "没有“bogus”这一数据类别"),
        ({"subject": "办" * 10240}, "统计对象最多 50 个字"),
        ({"unit": "个" * 20}, "单位最多 12 个字"),
    ],
)
def test_bad_parameters_get_a_400_page_that_says_why(client, params, message):
    response = compare(client, **params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_nothing_found_says_so(client):
    response = compare(client, subject="不存在的统计对象")
    assert response.status_code == 200
    assert "没有符合条件的已发布数据" in response.content.decode()


def test_queries_do_not_grow_with_the_data(client, django_assert_num_queries):
    # The content version (read once per page), the distinct subjects (held per
    # process, but read afresh inside a test's transaction), the figures' ids, the
    # figures with their cases, the communities of the cases.
    with django_assert_num_queries(5):
        before = listed(compare(client, subject="办结率"))
    for n in range(5):
        case = make_case(communities=[f"对比社区{n}", f"对比二社区{n}"])
        make_metric(case, subject="议事办结率", kind="rate", value=60 + n, unit="%")
    with django_assert_num_queries(5):
        after = listed(compare(client, subject="办结率"))
    assert len(after) == len(before) + 5


def test_the_common_subjects_take_one_query(client, django_assert_num_queries):
    common_terms()  # loads the search dictionary once per process
    with django_assert_num_queries(2):  # and the content version
        compare(client)


def test_subjects_match_whatever_their_case_and_however_many_there_are(
    client, monkeypatch
):
    case = make_case()
    make_metric(case, subject="APP注册用户", value=12)
    assert [m.subject for m in listed(compare(client, subject="app注册"))] == [
        "APP注册用户"
    ]
    monkeypatch.setattr("cases.models.SUBJECT_LIST_LIMIT", 0)  # the LIKE fallback
    assert [m.subject for m in listed(compare(client, subject="app注册用"))] == [
        "APP注册用户"
    ]


@pytest.mark.django_db(transaction=True)
def test_a_new_subject_is_comparable_at_once(client):
    """The distinct subjects are held per process: a new one must not wait."""
    case = make_case()
    make_metric(case, subject="新统计对象甲", value=1)
    assert len(listed(compare(client, subject="新统计对象"))) == 1
    make_metric(case, subject="新统计对象乙", value=2)
    assert len(listed(compare(client, subject="新统计对象"))) == 2


@pytest.mark.parametrize("sort", ["-value", "value"])
def test_the_first_rows_by_value_are_those_of_every_subject_sorted(
    client, monkeypatch, sort
):
    """Each subject's first figures are read and merged: the rows shown must be
    those a sort of every matching figure gives, ties in value by id, drafts out."""
    case = make_case()
    draft = make_case(status=Case.Status.DRAFT)
    for subject, values in [
        ("甲类受理率", [50, 70, 70, 90]),
        ("乙类受理率", [70, 60, 95]),
        ("丙类受理率", [70, 10]),
    ]:
        for value in values:
            make_metric(case, subject=subject, kind="rate", value=value, unit="%")
    make_metric(draft, subject="甲类受理率", kind="rate", value=99, unit="%")
    make_metric(draft, subject="乙类受理率", kind="rate", value=1, unit="%")
    monkeypatch.setattr("cases.comparison.MAX_ROWS", 4)
    ordering = ["-value", "-pk"] if sort == "-value" else ["value", "pk"]
    everything = list(published_about("受理率").order_by(*ordering))
    assert len(everything) == 9

    shown = listed(compare(client, subject="受理率", sort=sort))
    assert shown == everything[:4]
    monkeypatch.setattr("cases.comparison.MERGED", 0)  # one sort of them all
    # (another URL: the page cache would answer the same one)
    again = compare(client, subject="受理率", sort=sort, kind="rate")
    assert listed(again) == everything[:4]
