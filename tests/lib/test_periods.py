from datetime import date

import pytest

from cases.lib.periods import latest_year, resolve_years

IN_2024 = date(2024, 6, 30)
IN_MARCH_2025 = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("period", "published_on", "years"),
    [
        ("2024年", None, (2024, 2024)),
        ("2024年", IN_MARCH_2025, (2024, 2024)),
        ("2019—2023年", None, (2019, 2023)),
        ("2023年以来", None, (2023, None)),
        ("2023年以来", IN_MARCH_2025, (2023, 2025)),
        ("到2025年底", None, (None, 2025)),
        ("截至2024年底", IN_MARCH_2025, (None, 2024)),
        ("今年", IN_2024, (2024, 2024)),
        ("今年以来", IN_2024, (2024, 2024)),
        ("去年", IN_2024, (2023, 2023)),
        ("去年一年", IN_2024, (2023, 2023)),
        ("去年以来", IN_2024, (2023, 2024)),
        ("8月份以来", date(2024, 9, 1), (2024, 2024)),
        ("8月份以来", IN_2024, (2023, 2024)),
        ("8月份以来", IN_MARCH_2025, (2024, 2025)),
        ("目前", IN_2024, (None, 2024)),
        ("截至目前", IN_2024, (None, 2024)),
        ("累计", IN_2024, (None, 2024)),
    ],
)
def test_it_resolves_the_years_a_period_names(period, published_on, years):
    assert resolve_years(period, published_on) == years


@pytest.mark.parametrize(
    "period",
    ["今年", "今年以来", "去年", "去年以来", "8月份以来", "目前", "截至目前", "如今"],
)
def test_it_never_guesses_a_relative_period_without_the_articles_date(period):
    assert resolve_years(period, None) == (None, None)


@pytest.mark.parametrize(
    "period",
    ["", "每周", "每天", "每季度", "半月内", "近年来", '自"随褚办"小程序建立以来'],
)
def test_a_period_that_names_no_time_resolves_to_nothing(period):
    assert resolve_years(period, IN_2024) == (None, None)


def test_a_backwards_range_resolves_to_nothing():
    assert resolve_years("2023—2019年", None) == (None, None)


@pytest.mark.parametrize(
    ("years", "latest"),
    [
        ((2024, 2024), 2024),
        ((2023, 2025), 2025),
        ((2023, None), 2023),
        ((None, 2025), 2025),
        ((None, None), None),
    ],
)
def test_the_latest_year_is_the_end_or_an_open_ranges_start(years, latest):
    assert latest_year(*years) == latest
