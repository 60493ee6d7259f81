"""Pin how text becomes search tokens, so a change shows up as a diff here."""

import pytest

from cases.search.query import parse_query
from cases.search.tokenizer import index_tokens, normalise, phrase_for


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("吃茶话事", ["吃茶", "茶话", "话事", "事"]),
        ("网格+", ["网格", "格", "〇格plus", "plus"]),
        (
            "党建+网格",
            ["党建", "建", "〇建plus", "plus", "〇plus网", "网格", "格"],
        ),
        ("15分钟", ["15", "5", "〇5分", "分钟", "钟"]),
        ("２.０版本", ["2", "〇20", "0", "〇0版", "版本", "本"]),
        ("App小程序", ["ap", "pp", "p", "〇p小", "小程", "程序", "序"]),
        ("“网”", ["网"]),
    ],
)
def test_text_is_indexed_as_bigrams_last_characters_and_joints(text, tokens):
    assert index_tokens(text) == tokens


@pytest.mark.parametrize(
    ("term", "tokens", "prefix"),
    [
        ("茶话", ("茶话",), False),
        ("吃茶话事", ("吃茶", "茶话", "话事"), False),
        ("网格+", ("网格", "格", "〇格plus", "plus"), False),
        ("茶", ("茶",), True),
        ("123工作法", ("12", "23", "3", "〇3工", "工作", "作法"), False),
        ("2.0", ("2", "〇20", "0"), True),
    ],
)
def test_a_query_term_is_the_phrase_of_the_same_tokens(term, tokens, prefix):
    phrase = phrase_for(term)
    assert (phrase.tokens, phrase.prefix) == (tokens, prefix)


def test_normalising_maps_full_width_forms_and_drops_nul():
    assert normalise("１５分钟＋ＡＢ\x00") == "15分钟+ab"


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("调解 嘉峪关", ["调解", "嘉峪关"]),
        ("“吃茶”、（网格）", ["吃茶", "网格"]),
        ("网格 网格员", ["网格员"]),
        ("NEAR(网格 AND 议事) OR", ["网格", "议事"]),
        ('"党建 引领"', ["党建 引领"]),
        ("-网格 ^议事 *", ["网格", "议事"]),
        ("😀 ** ::", []),
    ],
)
def test_queries_become_plain_terms(query, terms):
    assert [term.text for term in parse_query(query)] == terms


def test_queries_are_capped_at_eight_terms_of_fifty_characters():
    terms = parse_query(" ".join(f"词{i:02d}" for i in range(20)) + " " + "长" * 80)
    assert len(terms) == 8
    assert all(len(term.text) <= 50 for term in terms)


def test_jieba_keeps_domain_names_whole_when_splitting_a_sentence(db):
    from cases.search import split_query

    words = split_query("铁大叔议事团怎样用吃茶话事化解矛盾")
    assert "铁大叔议事团" in words and "吃茶话事" in words
