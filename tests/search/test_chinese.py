"""Chinese text read two more ways: traditional characters as simplified ones
(OpenCC), a name as its pinyin (pypinyin)."""

import json
from pathlib import Path

import pytest

from cases.search import chinese
from cases.search.backends.postgres import IndexStatistics
from cases.search.query import parse_query

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


# Traditional characters


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("網格化管理", "网格化管理"),
        ("調解", "调解"),
        ("吃茶話事", "吃茶话事"),
        ("黨建+網格", "党建+网格"),
        ("嘉峪關", "嘉峪关"),
        ("乾淨", "干净"),  # a phrase, converted as one
    ],
)
def test_traditional_characters_become_simplified(traditional, simplified):
    assert chinese.simplified(traditional) == simplified


def test_simplified_names_and_latin_text_stay_as_they_are():
    entries = [
        case
        for path in sorted((FIXTURES / "articles").glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    ]
    names = {name for case in entries for name in case["practices"]}
    names |= {
        theme["name"] for theme in json.loads((FIXTURES / "themes.json").read_text())
    }
    names |= {"乾隆", "著名", "2.0", "1+N", "abc"}
    assert {name for name in names if chinese.simplified(name) != name} == set()


def test_a_traditional_term_also_matches_in_simplified_characters():
    [term] = parse_query("網格化管理")
    assert [form.text for form in term.forms] == ["網格化管理", "网格化管理"]
    [plus] = parse_query("黨建+網格")
    assert plus.variants[0].literal is not None  # ranked like 党建+网格 itself


@pytest.mark.parametrize("query", ["网格化管理", "2.0", "1+N", "abc", "网格+"])
def test_a_simplified_or_latin_term_has_no_other_form(query):
    assert all(term.variants == () for term in parse_query(query))


def test_postgres_estimates_a_traditional_term_as_its_simplified_form():
    """How PostgreSQL reads the newest matches depends on how many cases it expects
    to hold the words: a traditional form (rarer than any counted lexeme) must not
    make 調解 look commoner than 调解."""
    statistics = IndexStatistics(rows=1000, shares={"调解": 0.5}, floor=0.1)
    assert statistics.holding(parse_query("調解"), literal=False) == 500
    assert statistics.holding(parse_query("調查"), literal=False) == 100  # both rare


# Pinyin


@pytest.mark.parametrize(
    ("name", "syllables"),
    [
        ("吃茶话事", ["chi", "cha", "hua", "shi"]),
        ("党建+网格", ["dang", "jian", "", "wang", "ge"]),
        ("15分钟", ["", "", "fen", "zhong"]),
        ("长者食堂", ["zhang", "zhe", "shi", "tang"]),  # read in context
        ("重庆市", ["chong", "qing", "shi"]),
        ("绿美延吉", ["lv", "mei", "yan", "ji"]),
        ("健康“小网格”", ["jian", "kang", "", "xiao", "wang", "ge", ""]),
    ],
)
def test_pinyin_gives_each_character_its_syllable(name, syllables):
    assert chinese.pinyin(name) == syllables
