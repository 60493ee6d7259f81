"""Quotes found inside their articles as published, whatever the OCR line breaks."""

from dataclasses import dataclass
from decimal import Decimal

from cases.lib.provenance import (
    locate_quote,
    provenance_problems,
    quote_is_in,
    split_by_quotes,
)

ARTICLE = "社区设立“吃茶话事”议事点。\n全年收集居民诉\n求131件，办结率达85.7%。"


def test_a_quote_broken_across_lines_is_found():
    assert quote_is_in("全年收集居民诉求131件", ARTICLE)


def test_a_quote_that_is_not_in_the_article_is_not_found():
    assert not quote_is_in("全年收集居民诉求132件", ARTICLE)
    assert not quote_is_in("   ", ARTICLE)


def test_a_quote_is_located_in_the_text_as_published():
    start, end = locate_quote("居民诉求131件", ARTICLE)
    assert ARTICLE[start:end] == "居民诉\n求131件"


@dataclass
class Figure:
    quote: str
    value: Decimal = Decimal(0)
    value_max: Decimal | None = None
    unit: str = ""
    subject: str = "诉求"
    display_value: str = ""
    source: object = None
    case: object = None


def test_overlapping_quotes_make_one_marked_passage_naming_both():
    first = Figure("全年收集居民诉求131件")
    second = Figure("131件，办结率达85.7%")
    passages = split_by_quotes(ARTICLE, [first, second])
    marked = [p for p in passages if p.marks]
    assert len(marked) == 1
    assert marked[0].marks == (first, second)
    assert "".join(p.text for p in passages) == ARTICLE


@dataclass
class Article:
    text: str
    origin: str = "a.txt"


@dataclass
class Case:
    slug: str = "case"


def test_problems_name_a_missing_quote_and_a_quote_without_its_value():
    article = Article(ARTICLE)
    missing = Figure("全年收集诉求200件", Decimal(200), unit="件")
    wrong_value = Figure("全年收集居民诉求131件", Decimal(130), unit="件")
    right = Figure("全年收集居民诉求131件", Decimal(131), unit="件")
    for figure in (missing, wrong_value, right):
        figure.source, figure.case = article, Case()
    problems = provenance_problems([missing, wrong_value, right])
    assert len(problems) == 2
    assert "quote not in a.txt" in problems[0]
    assert "does not state this value" in problems[1]
