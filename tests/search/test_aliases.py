"""Reading Latin words as the names whose pinyin they spell: the alias layer."""

import pytest

from cases.models import Case
from cases.search import aliases
from cases.search.aliases import AliasTable, pinyin_alias, reading, spelling
from cases.search.documents import Alias
from tests.factories import make_case


def test_a_names_pinyin_alias_says_where_each_syllable_ends():
    alias = pinyin_alias("党建+网格")
    assert alias == Alias(
        ("dang", "jian", "wang", "ge"), "党建+网格", "拼音", (1, 2, 4, 5)
    )
    assert pinyin_alias("1+N") is None


@pytest.mark.parametrize(
    ("word", "letters"),
    [
        ("chichahuashi", "chichahuashi"),
        ("Chī", "chi"),
        ("GUĀN", "guan"),
        ("lǜ", "lv"),
        ("nü", "nv"),
        ("2.0", None),
        ("1+n", None),
        ("网格", None),
        ("wang-ge", None),
    ],
)
def test_a_query_word_is_looked_up_by_its_bare_letters(word, letters):
    assert spelling(word) == letters


NAMES = [
    "网格化管理",
    "网格+",
    "网格议事",
    "吃茶话事",
    "嘉峪关市",
    "党建+网格",
    "矛盾调解",
]


@pytest.fixture
def table():
    return AliasTable(pinyin_alias(name) for name in NAMES)


@pytest.mark.parametrize(
    ("letters", "texts"),
    [
        ("chichahuashi", ["吃茶话事"]),  # a whole name
        ("jiayuguan", ["嘉峪关"]),  # the start of 嘉峪关市
        ("jiayuguanshi", ["嘉峪关市"]),
        ("wangge", ["网格"]),  # 网格化管理, 网格议事 and 网格+ begin so: 网格 finds all
        ("dangjianwangge", ["党建+网格"]),
        ("dangjian", ["党建"]),
        ("jia", []),  # one syllable spells too much
        ("guanli", []),  # not the start of a name
        ("maodun", ["矛盾"]),
        ("abc", []),
    ],
)
def test_a_spelling_stands_for_the_names_or_name_starts_it_spells(
    table, letters, texts
):
    assert [text for text, _ in table.get(letters)] == texts


def test_homophones_are_all_searched_for():
    table = AliasTable(pinyin_alias(name) for name in ["石桥社区", "实桥村"])
    assert {text for text, _ in table.get("shiqiao")} == {"石桥", "实桥"}


def test_an_alias_of_another_kind_needs_only_its_words():
    """Adding a kind of alias is one line in the source: its words, name and kind.
    Without character ends only the whole alias is spelled."""
    english = Alias(("grid", "management"), "网格化管理", "英文")
    table = AliasTable([english])
    assert table.get("gridmanagement") == (("网格化管理", "英文"),)
    assert table.get("grid") == ()


@pytest.fixture
def aliased(monkeypatch, table):
    monkeypatch.setattr(aliases, "alias_table", lambda: table)


@pytest.mark.usefixtures("aliased")
class TestReading:
    def test_words_spelling_a_name_become_the_term_of_what_they_spell(self):
        read = reading("Jia Yu Guan 调解")
        assert [term.text for term in read.terms] == ["嘉峪关", "调解"]
        assert [(m.kind, m.written, m.names) for m in read.matches] == [
            ("拼音", "jia yu guan", ("嘉峪关",))
        ]

    @pytest.mark.parametrize(
        "query", ["chichahuashi", "ChiChaHuaShi", "chī chá huà shì", "chi'cha hua'shi"]
    )
    def test_spaces_tone_marks_apostrophes_and_capitals_do_not_matter(self, query):
        read = reading(query)
        assert [m.names for m in read.matches] == [("吃茶话事",)]
        assert [term.text for term in read.terms] == ["吃茶话事"]

    def test_a_spelling_of_homophones_is_one_term_of_each(self, monkeypatch):
        table = AliasTable(pinyin_alias(name) for name in ["石桥社区", "实桥村"])
        monkeypatch.setattr(aliases, "alias_table", lambda: table)
        [term] = reading("shiqiao").terms
        assert {form.text for form in term.forms} == {"石桥", "实桥"}

    def test_the_longest_spelling_from_the_left_is_read(self):
        read = reading("jia yu guan shi wang ge")
        assert [m.names for m in read.matches] == [("嘉峪关市",), ("网格",)]

    @pytest.mark.parametrize(
        "query", ["2.0", "1+N", "abc", "网格", "“wangge”", '"chichahuashi"', "jia"]
    )
    def test_queries_spelling_no_name_are_not_read(self, query):
        assert reading(query) is None

    def test_a_query_without_latin_words_never_reads_the_table(self, monkeypatch):
        def no_table():
            raise AssertionError("the table was read")

        monkeypatch.setattr(aliases, "alias_table", no_table)
        assert reading("网格 调解 2.0 1+N") is None


@pytest.mark.django_db
def test_a_name_only_drafts_use_is_never_read():
    """What a spelling was read as is shown to the reader: a name no published case
    uses must stay unknown, and a name becomes readable once a published case uses
    it (the aliases follow the content version)."""
    make_case(status=Case.Status.DRAFT, practices=["保密做法甲"])
    assert reading("baomizuofajia") is None
    make_case(practices=["保密做法甲"])
    [match] = reading("baomizuofajia").matches
    assert match.names == ("保密做法甲",)
