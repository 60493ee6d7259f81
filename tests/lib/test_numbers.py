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
