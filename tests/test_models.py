from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import clear_script_prefix, set_script_prefix

from cases.models import Case, Metric, Practice, Region
from tests.factories import make_article, make_case, make_metric, make_region

pytestmark = pytest.mark.django_db


def test_a_region_knows_its_chain_and_path():
    street = make_region(
        ("甲省", "乙市", "丙区", "丁街道"), ("province", "city", "county", "township")
    )
    assert street.chain == "甲省 › 乙市 › 丙区 › 丁街道"
    assert street.chain_names == ["甲省", "乙市", "丙区", "丁街道"]
    assert [r.name for r in street.ancestors()] == ["甲省", "乙市", "丙区"]
    assert street.path.startswith(street.parent.path)


def test_renaming_a_region_renames_every_chain_below_it():
    street = make_region(
        ("甲省", "乙市", "丙区", "丁街道"), ("province", "city", "county", "township")
    )
    city = street.parent.parent
    city.name = "乙州"
    city.save()
    street.refresh_from_db()
    assert street.chain == "甲省 › 乙州 › 丙区 › 丁街道"


def test_in_region_finds_cases_at_and_below_a_region_only():
    district = make_region(("甲省", "乙市", "丙区"))
    other = make_region(("甲省", "戊市"), ("province", "city"))
    inside = make_case(region=district, title="区内案例")
    make_case(region=other, title="他市案例")
    province = Region.objects.get(name="甲省", parent=None)
    city = district.parent
    assert set(Case.objects.in_region(city)) == {inside}
    assert Case.objects.in_region(province).count() == 2


def test_only_published_cases_are_public():
    make_case(title="已发布案例")
    make_case(title="草稿案例", status=Case.Status.DRAFT)
    make_case(title="待审案例", status=Case.Status.REVIEW)
    titles = set(Case.objects.published().values_list("title", flat=True))
    assert "已发布案例" in titles
    assert not titles & {"草稿案例", "待审案例"}


def test_publishing_stamps_the_publication_time():
    case = make_case(status=Case.Status.DRAFT)
    assert case.published_at is None
    case.status = Case.Status.PUBLISHED
    case.save()
    assert case.published_at is not None


def test_a_metric_whose_quote_states_it_is_valid():
    metric = make_metric(make_case())
    metric.full_clean()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"kind": Metric.Kind.RATE, "value": Decimal(120), "unit": "%"},
            "value",
            "100%",
        ),
        ({"value": Decimal(-3)}, "value", "负数"),
        ({"quote": "这句话不在文章里 131个"}, "quote", "找不到"),
        ({"value": Decimal(130)}, "quote", "没有写出数值"),
        ({"value_max": Decimal(100)}, "value_max", "上限"),
    ],
)
def test_a_metric_that_contradicts_its_article_is_refused(changes, field, message):
    metric = make_metric(make_case())
    for name, value in changes.items():
        setattr(metric, name, value)
    with pytest.raises(ValidationError) as error:
        metric.full_clean()
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "qualifier", "shown"),
    [
        (Decimal(131), None, "个", "", "131个"),
        (Decimal(15000), None, "个", "余", "15000余个"),
        (Decimal(200), None, "名", "超", "超200名"),
        (Decimal(2), Decimal(3), "次", "", "2—3次"),
        (Decimal("85.7"), None, "%", "", "85.7%"),
        (Decimal(400), None, "万元", "余", "400余万元"),
        (Decimal(100), None, "名", "数百", "数百名"),
        (Decimal(50), None, "人", "以上", "50人以上"),
    ],
)
def test_a_metric_reads_as_the_article_writes_it(
    value, value_max, unit, qualifier, shown
):
    metric = Metric(value=value, value_max=value_max, unit=unit, qualifier=qualifier)
    assert metric.display_value == shown


def test_string_forms_name_the_place():
    article = make_article(title="某报道")
    region = make_region()
    assert str(region) == "测试省 › 测试市 › 测试区"
    assert str(article) == "某报道"


def test_links_keep_the_prefix_the_site_is_served_under():
    """Detail URLs come from a format reversed once per script prefix: a site
    served under /govcases/ must link there, and back at / once it is not."""
    case = make_case()
    practice = Practice.objects.create(name="前缀测试做法")
    plain = case.get_absolute_url(), practice.get_absolute_url()
    set_script_prefix("/govcases/")
    try:
        assert case.get_absolute_url() == "/govcases" + plain[0]
        assert practice.get_absolute_url() == "/govcases" + plain[1]
    finally:
        clear_script_prefix()
    assert (case.get_absolute_url(), practice.get_absolute_url()) == plain


def test_a_long_case_keeps_its_title_and_summary_in_its_row():
    """PostgreSQL moves long text out of case rows (toast_tuple_target) but keeps
    the title and summary that lists and exports read for every case, and the
    search entry keeps the facet keys a search counts; an out-of-line value reads
    as its raw size, an inline one as one byte more."""
    if connection.vendor != "postgresql":
        pytest.skip("TOAST is PostgreSQL's")
    varied = "".join(chr(0x4E00 + 7 * i) for i in range(3000))  # not compressible
    case = make_case(title=varied[:40], summary=varied[40:300])
    make_metric(case)
    for n in range(6):  # facet keys longer than a TOAST pointer
        case.practices.add(Practice.objects.create(name=f"长案例做法{n}"))
    Case.objects.filter(pk=case.pk).update(description=varied)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(title) - octet_length(title), "
            "pg_column_size(summary) - octet_length(summary), "
            "pg_column_size(description) - octet_length(description) "
            "FROM cases_case WHERE id = %s",
            [case.pk],
        )
        title, summary, description = cursor.fetchone()
        cursor.execute(
            "SELECT pg_column_size(facets) - octet_length(facets), facets "
            "FROM search_indexentry WHERE case_id = %s",
            [case.pk],
        )
        facets, keys = cursor.fetchone()
    assert title > 0
    assert summary > 0
    assert description == 0  # out of line
    assert keys and facets > 0
