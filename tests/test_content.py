"""The curated content: all five articles, every place, practice and figure."""

from decimal import Decimal

import pytest

from cases.models import Case, Metric, Practice, Region, SourceArticle

pytestmark = pytest.mark.django_db

SEEDS = [
    "000_fad4be8173178ba6.txt",
    "001_f73b4674de8f35d6.txt",
    "002_5aa845819ea9c327.txt",
    "003_00df644b6a68967e.txt",
    "004_8bbffb6f5c1d8144.txt",
]


def test_every_seed_article_is_a_source_with_its_text_as_published(settings):
    for origin in SEEDS:
        article = SourceArticle.objects.get(origin=origin)
        published = (settings.CASES_FIXTURE_DIR / origin).read_text(encoding="utf-8")
        assert article.text == published
        assert article.title


@pytest.mark.parametrize(
    ("origin", "places"),
    [
        (SEEDS[0], ["学苑街道", "江阴高新区", "郑州高新区"]),
        (SEEDS[2], ["滨溪社区", "民主北路社区", "王褚街道", "化工镇", "亢村"]),
        (SEEDS[3], ["嘉峪关市", "建瓯市", "芝山街道", "延吉市"]),
    ],
)
def test_each_place_an_article_reports_is_its_own_case(origin, places):
    cases = Case.objects.filter(sources__origin=origin)
    # Each case's own place: its region, or the communities it names below it.
    located = [
        {case.region.name, *case.communities.values_list("name", flat=True)}
        for case in cases
    ]
    for place in places:
        assert sum(place in where for where in located) == 1, place


def test_the_four_jinshui_communities_each_have_a_case():
    cases = Case.objects.filter(sources__origin=SEEDS[4])
    communities = {
        c for case in cases for c in case.communities.values_list("name", flat=True)
    }
    assert len(cases) == 4 and len(communities) == 4


def test_inferred_levels_are_stored_and_marked():
    zigong = Region.objects.get(name="自贡高新区")
    assert zigong.chain == "四川省 › 自贡市 › 自贡高新区"
    assert [r.inferred for r in zigong.ancestors()] == [True, True]
    assert Region.objects.get(name="延边朝鲜族自治州").inferred is False


def test_every_case_starts_its_region_chain_at_a_province():
    for case in Case.objects.select_related("region"):
        assert case.region.chain_names[0].endswith("省"), case.region.chain


def test_every_case_has_a_summary_description_theme_and_practice():
    for case in Case.objects.all():
        assert case.summary and case.description, case.slug
        assert case.themes.exists(), case.slug
        assert case.practices.exists(), case.slug


@pytest.mark.parametrize(
    ("practice", "place"),
    [
        ("小苑同学", "学苑街道"),
        ("网格+", "王褚街道"),
        ("123工作法", "滨溪社区"),
        ("零工驿站", "滨溪社区"),
        ("随褚办", "王褚街道"),
        ("三联", "化工镇"),
        ("同心嘉园", "嘉峪关"),
        ("铁大叔议事团", "嘉峪关"),
        ("吃茶话事", "建瓯"),
        ("芝山晚枫", "建瓯"),
        ("厝边仙", "建瓯"),
        ("由民作主", "延吉"),
        ("红色星期五", "延吉"),
        ("群众点单+基地接单", "学苑街道"),
    ],
)
def test_named_practices_belong_to_their_place(practice, place):
    case = Practice.objects.get(name=practice).cases.get()
    assert place in case.title + case.region.chain + " ".join(
        case.communities.values_list("name", flat=True)
    )


def test_coverage_is_complete_enough_to_matter():
    assert Practice.objects.count() > 200
    assert Metric.objects.count() >= 150


@pytest.mark.parametrize(
    ("quote_part", "value", "value_max", "unit", "qualifier"),
    [
        ("收集居民诉求 131个", "131", None, "个", ""),
        ("10户至15户", "10", "15", "户", ""),
        ("200元至300元", "200", "300", "元", ""),
    ],
)
def test_figures_are_parsed_into_value_unit_and_qualifier(
    quote_part, value, value_max, unit, qualifier
):
    metric = Metric.objects.filter(quote__contains=quote_part).first()
    assert metric.value == Decimal(value)
    assert metric.value_max == (Decimal(value_max) if value_max else None)
    assert (metric.unit, metric.qualifier) == (unit, qualifier)


def test_every_rate_is_a_percentage_no_greater_than_100():
    rates = Metric.objects.filter(kind=Metric.Kind.RATE)
    assert rates.exists()
    assert all(m.unit == "%" and 0 <= m.value <= 100 for m in rates)
