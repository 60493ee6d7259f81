"""The colour scale of the maps."""

import pytest

from cases.lib.choropleth import SHADES, scale_classes, shade_of


def bounds(highest):
    return [(c.low, c.high) for c in scale_classes(highest)]


def test_classes_are_bounded_by_round_numbers_up_to_the_highest_count():
    assert bounds(12) == [(1, 1), (2, 4), (5, 9), (10, 12)]
    assert bounds(30) == [(1, 1), (2, 4), (5, 9), (10, 19), (20, 30)]


def test_a_wide_range_takes_a_coarser_round_series():
    assert bounds(60) == [(1, 2), (3, 9), (10, 29), (30, 60)]
    assert bounds(100_000) == [
        (1, 9),
        (10, 99),
        (100, 999),
        (1000, 9999),
        (10_000, 100_000),
    ]


@pytest.mark.parametrize("highest", [1, 2, 7, 10, 99, 100, 4321, 10**6, 10**9])
def test_classes_cover_every_count_once_in_at_most_five_shades(highest):
    classes = scale_classes(highest)
    assert 1 <= len(classes) <= SHADES
    assert classes[0].low == 1 and classes[-1].high == highest
    for before, after in zip(classes, classes[1:], strict=False):
        assert after.low == before.high + 1
    assert classes[-1].shade == SHADES
    shades = [c.shade for c in classes]
    assert shades == sorted(set(shades))


def test_a_single_class_is_drawn_darkest():
    assert [(c.low, c.high, c.shade) for c in scale_classes(1)] == [(1, 1, SHADES)]


def test_two_classes_span_the_lightest_and_darkest_shade():
    assert [c.shade for c in scale_classes(2)] == [1, SHADES]


def test_nothing_counted_has_no_classes_and_no_shade():
    assert scale_classes(0) == []
    assert shade_of(0, scale_classes(12)) == 0


def test_each_count_takes_the_shade_of_its_class():
    classes = scale_classes(30)
    assert [shade_of(n, classes) for n in (1, 3, 9, 10, 30)] == [1, 2, 3, 4, 5]
