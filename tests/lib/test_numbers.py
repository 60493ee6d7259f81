from decimal import Decimal

import pytest

from cases.lib.numbers import find_figures, states_value


def only(text):
    figures = find_figures(text)
    assert len(figures) == 1, figures
    f = figures[0]
    return (f.value, f.value_max, f.unit, f.qualifier)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5万余个", (Decimal(15000), None, "个", "余")),
        ("十余次", (Decimal(10), None, "次", "余")),
        ("2—3次", (Decimal(2), Decimal(3), "次", "")),
        ("超200名", (Decimal(200), None, "名", "超")),
        ("85.7%", (Decimal("85.7"), None, "%", "")),
        ("办结率98％", (Decimal(98), None, "%", "")),
        ("400余万元", (Decimal(400), None, "万元", "余")),
        ("417个网格", (Decimal(417), None, "个", "")),
        ("服务老人\n1200余人次", (Decimal(1200), None, "人次", "余")),
        ("数百名志愿者", (Decimal(100), None, "名", "数百")),
        ("二十余场", (Decimal(20), None, "场", "余")),
        ("1,200户", (Decimal(1200), None, "户", "")),
        ("3.2亿元", (Decimal("3.2"), None, "亿元", "")),
    ],
)
def test_it_parses_chinese_figures(text, expected):
    assert only(text) == expected


def test_line_breaks_inside_a_figure_are_ignored():
    assert only("收集诉求 1\n31个") == (Decimal(131), None, "个", "")


def test_a_quote_states_a_value_only_with_its_unit():
    quote = "目前已收集居民诉求 131个"
    assert states_value(quote, Decimal(131), None, "个") is True
    assert states_value(quote, Decimal(131), None, "件") is False
    assert states_value(quote, Decimal(132), None, "个") is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese numerals and mixed forms, read by cn2an.
        ("辖区里有三十余个老旧小区", (Decimal(30), None, "个", "余")),
        ("服务群众两千多人次", (Decimal(2000), None, "人次", "多")),
        ("全镇覆盖1.5万户家庭", (Decimal(15000), None, "户", "")),
        ("收到建议一万五千条", (Decimal(15000), None, "条", "")),
        ("三万余名志愿者", (Decimal(30000), None, "名", "余")),
        ("走访两百零六户", (Decimal(206), None, "户", "")),
        # Counted nouns that are units of their own.
        ("小区有900余住户", (Decimal(900), None, "住户", "余")),
        ("帮助近2万农户", (Decimal(20000), None, "农户", "近")),
        ("累计发放积分近300万分", (Decimal(3000000), None, "分", "近")),
        # A time limit keeps its unit: not a count of 个.
        ("诉求在5个工作日内答复", (Decimal(5), None, "工作日", "")),
    ],
)
def test_it_reads_chinese_numerals_mixed_forms_and_counted_nouns(text, expected):
    assert only(text) == expected


def test_an_adverb_made_of_numerals_is_not_a_score():
    assert [f for f in find_figures("这项工作十分重要") if f.unit] == []


def test_digits_without_a_place_value_are_not_a_number():
    assert [f.value for f in find_figures("一二三") if f.unit] == []
