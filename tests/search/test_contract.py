"""The search contract: what every backend must do, run against each backend on
its own database (SQLite in one run of the suite, PostgreSQL in the other: CI runs
both), with what only one backend has in its own class."""

import itertools
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from cases import search
from cases.indexing import CaseDocuments
from cases.models import Case, Practice
from cases.search import parse_query
from cases.search.backends import base
from cases.search.models import IndexEntry
from cases.search.tokenizer import index_text, normalise
from tests.factories import make_case, make_metric

pytestmark = pytest.mark.django_db


def search_ids(queryset, query, limit=10):
    return search.ranked_ids(queryset, query, limit)


def slugs(query, limit=None):
    found = Case.objects.published().search(query)
    return list(found.values_list("slug", flat=True)[:limit])


def document_source(case):
    """The text a case is searched by, as its document is built from it."""
    return [
        case.title,
        case.region.chain,
        case.summary,
        case.description,
        *case.practices.values_list("name", flat=True),
        *case.communities.values_list("name", flat=True),
        *case.themes.values_list("name", flat=True),
        *[f"{m.subject} {m.period} {m.quote}" for m in case.metrics.all()],
    ]


RELEVANCE = [
    ("吃茶话事", "jianou-dangjian-yinqing-shequ-zhili", "first"),
    ("小苑同学", "zigong-xueyuan-xiaoyuan-tongxue", "first"),
    ("铁大叔议事团", "jiayuguan-tongxin-jiayuan", "first"),
    ("网格+", "jiaozuo-jiefangqu-wangchu-wangge-jia", "first"),
    ("随褚办", "jiaozuo-jiefangqu-wangchu-wangge-jia", "first"),
    ("123工作法", "jiaozuo-gaoxinqu-wenyuan-binxi-dangjian-lianjian", "first"),
    ("零工驿站", "jiaozuo-gaoxinqu-wenyuan-binxi-dangjian-lianjian", "first"),
    ("三联", "jiaozuo-mengzhou-huagongzhen-sanlian", "first"),
    ("同心嘉园", "jiayuguan-tongxin-jiayuan", "first"),
    ("芝山晚枫", "jianou-zhishan-wanfeng", "first"),
    ("厝边仙", "jianou-dangjian-yinqing-shequ-zhili", "first"),
    ("由民作主", "yanji-shequ-zhili-huanxin-shengji", "first"),
    ("红色星期五", "yanji-shequ-zhili-huanxin-shengji", "first"),
    ("悦小哥", "nanchang-gxq-wuyue-yuexiaoge-yizhan", "first"),
    ("议事茶馆", "zhengzhou-jinshui-xinyuan-duoyuan-gongzhi", "first"),
    ("群众点单+基地接单", "zigong-xueyuan-xiaoyuan-tongxue", "first"),
    ("青年社工成长营", "qianxi-qingnian-shegong-chengzhangying", "first"),
    ("调解 嘉峪关", "jiayuguan-tongxin-jiayuan", "first"),
    ("嘉峪关", "jiayuguan-tongxin-jiayuan", "first"),
    ("延吉", "yanji-shequ-zhili-huanxin-shengji", "first"),
    ("亢村", "jiaozuo-wenxian-wudezhen-kangcun-zhouchangsheng", "first"),
    ("化工镇", "jiaozuo-mengzhou-huagongzhen-sanlian", "first"),
    ("谢家坝", "zigong-xueyuan-xiaoyuan-tongxue", "first"),
    ("江阴", "jiangyin-gaoxin-shengwu-yiyao-chanyelian-dangjian", "first"),
    ("迁西县", "qianxi-qingnian-shegong-chengzhangying", "first"),
    ("姚砦", "zhengzhou-jinshui-fengchanlu-yaozhai-zhihui-funeng", "first"),
    ("外卖", "nanchang-gxq-wuyue-yuexiaoge-yizhan", "top3"),
    ("社工", "qianxi-qingnian-shegong-chengzhangying", "top3"),
    (
        "养老服务综合体",
        "zhengzhou-jinshui-huayuanlu-tongxinhuayuan-jingzhun-fuwu",
        "first",
    ),
    ("非遗工作室", "zhengzhou-jinshui-duling-xililu-wenhua-funeng", "first"),
    ("“吃茶”", "jianou-dangjian-yinqing-shequ-zhili", "first"),
    ("茶话", "jianou-dangjian-yinqing-shequ-zhili", "first"),
    ("智慧社区服务平台", "zhengzhou-jinshui-fengchanlu-yaozhai-zhihui-funeng", "first"),
]


UNBREAKABLE = [
    '"',
    '"吃茶',
    "网格*",
    "(网格",
    "网格:",
    "^网格",
    "-网格",
    "+",
    "NEAR(网格 议事)",
    "网格 AND OR NOT",
    "“吃茶”、（网格）",
    "😀👍",
    "网" * 10_000,
    "网格\x00议事",
    "'; DROP TABLE",
    "%_%",
    "\\",
    "C++",
    "NEAR",
    "** ::",
]


class SearchBackendContract:
    """Every backend: a subclass names it and the database it runs on."""

    backend = ""

    @pytest.fixture(autouse=True)
    def on_this_backend(self, settings):
        settings.CASES_SEARCH_BACKEND = self.backend

    @pytest.fixture
    def newest_read(self):
        """How the newest matches are read; one way unless a backend has several."""
        return "the only way"

    def test_the_backend_is_the_one_named(self):
        assert (
            type(search.get_backend()).__module__
            + "."
            + type(search.get_backend()).__name__
            == self.backend
        )

    # Ranking

    @pytest.mark.parametrize(("query", "expected", "where"), RELEVANCE)
    def test_the_right_case_comes_first(self, query, expected, where):
        found = slugs(query, 3)
        if where == "first":
            assert found[:1] == [expected], found
        else:
            assert expected in found, found

    def test_an_exact_practice_name_outranks_a_mention_in_the_body(self):
        make_case(title="别处的案例", summary="学习了吃茶话事的经验。" * 3)
        assert slugs("吃茶话事")[0] == "jianou-dangjian-yinqing-shequ-zhili"

    def test_grid_plus_ranks_literal_plus_forms_before_other_grid_cases(self):
        found = Case.objects.published().search("网格+")
        texts = [normalise(" ".join(document_source(c))) for c in found]
        literal = ["网格+" in t or "+网格" in t for t in texts]
        assert any(literal) and not all(literal)
        assert literal == sorted(literal, reverse=True), (
            "every 网格+ / X+网格 case comes first"
        )

    # Matching

    def test_words_are_anded(self):
        both = set(slugs("调解 嘉峪关"))
        assert both == set(slugs("调解")) & set(slugs("嘉峪关"))

    def test_a_quoted_phrase_is_one_term(self):
        terms = parse_query('"党建 引领" 网格')
        assert [t.text for t in terms] == ["党建 引领", "网格"]

    def test_recall_is_complete_for_literal_substrings(self):
        """Any substring of a case's text finds that case, however jieba would cut
        it."""
        rng = random.Random(7)
        cases = list(Case.objects.published())
        texts = {c.pk: normalise("\n".join(document_source(c))) for c in cases}
        probes = [
            "茶话",
            "悦小哥",
            "15分钟",
            "123工作法",
            "网格+",
            "85.7%",
            "小哥",
            "民作",
        ]
        for case in rng.sample(cases, 8):
            text = texts[case.pk]
            for length in (1, 2, 3, 5):
                start = rng.randrange(0, len(text) - length)
                probes.append(text[start : start + length])
        for probe in probes:
            terms = parse_query(probe)
            if not terms:
                continue
            expected = {
                pk
                for pk, text in texts.items()
                if all(
                    any(
                        f.text.replace("+", "") in text.replace("+", "")
                        or f.text in text
                        for f in t.forms
                    )
                    for t in terms
                )
            }
            literal = {pk for pk, text in texts.items() if probe.strip() in text}
            found = set(
                Case.objects.published().search(probe).values_list("pk", flat=True)
            )
            assert literal <= found, probe
            assert found <= expected | literal, f"{probe!r} found cases without it"

    @pytest.mark.parametrize("query", UNBREAKABLE)
    def test_nothing_a_user_types_breaks_search(self, query):
        with transaction.atomic():
            found = Case.objects.published().search(query)
            count = found.count()
            list(found[:20])
        assert 0 <= count <= Case.objects.published().count()

    def test_an_empty_query_leaves_the_list_unfiltered(self):
        assert len(slugs("")) == len(slugs("   ")) == Case.objects.published().count()

    @pytest.mark.parametrize("query", ["😀 ** ::", "🏘️👍", "？！……", '""'])
    def test_a_query_with_nothing_searchable_finds_nothing(self, query):
        published = Case.objects.published()
        assert slugs(query) == []
        assert search_ids(published, query) == []
        assert not search.matching(published, query).exists()
        assert search.interpret(published, query).unsearchable

    def test_a_single_character_finds_every_case_that_contains_it(self):
        cases = list(Case.objects.published())
        expected = {c.pk for c in cases if "茶" in "\n".join(document_source(c))}
        found = Case.objects.published().search("茶").values_list("pk", flat=True)
        assert set(found) == expected

    def test_search_combines_with_filters(self):
        henan = Case.objects.published().filter(region__chain__startswith="河南省")
        found = henan.search("网格")
        assert found.exists()
        assert all(c.region.chain.startswith("河南省") for c in found)

    @pytest.mark.parametrize("query", ["网格", "网格+", "吃茶话事"])
    def test_a_search_within_nothing_finds_nothing(self, client, query):
        """A filter Django knows selects nothing (a figure subject no figure has)
        meets the engine's own SQL: the page still answers, empty."""
        nothing = Case.objects.published().with_metric(subject="没有这个统计对象")
        assert search.ranked_ids(nothing, query, 20) == []
        response = client.get("/cases/", {"q": query, "metric": "没有这个统计对象"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0

    # Sentences

    def test_a_sentence_that_matches_nothing_is_split_into_words(self):
        query = "如何用吃茶话事化解邻里矛盾"
        assert slugs(query)[:1] == ["jianou-dangjian-yinqing-shequ-zhili"]

    def test_a_relaxed_sentence_says_which_words_it_dropped(self):
        published = Case.objects.published()
        understood = search.interpret(published, "如何学习吃茶话事与甲乙丙丁的经验")
        assert understood.relaxed
        assert "吃茶话事" in understood.terms
        assert "甲乙丙丁" in understood.dropped
        exact = search.interpret(published, "“如何学习吃茶话事与甲乙丙丁的经验”")
        assert not exact.relaxed
        assert search_ids(published, "“如何学习吃茶话事与甲乙丙丁的经验”") == []

    def test_practice_names_stay_whole_when_a_sentence_is_split(self):
        assert "吃茶话事" in search.split_query("怎样学习吃茶话事的经验")

    # Traditional characters and pinyin

    @pytest.mark.parametrize(
        ("written", "simplified"),
        [("網格化管理", "网格化管理"), ("調解", "调解"), ("吃茶話事", "吃茶话事")],
    )
    def test_traditional_characters_find_what_simplified_ones_find(
        self, written, simplified
    ):
        published = Case.objects.published()
        expected = search_ids(published, simplified, 100)
        assert expected
        assert search_ids(published, written, 100) == expected
        assert slugs(written) == slugs(simplified)
        assert set(search.matching(published, written)) == set(
            search.matching(published, simplified)
        )

    def test_a_case_quoting_traditional_characters_is_found_by_them(self):
        quoting = make_case(title="引用原文“網格員走訪”的案例")
        found = search_ids(Case.objects.published(), "網格員走訪", 100)
        assert found == [quoting.pk]

    @pytest.mark.parametrize(
        ("spelled", "name"),
        [
            ("wangge", "网格"),
            ("chichahuashi", "吃茶话事"),
            ("jiayuguan", "嘉峪关"),
            ("Jia Yu Guan", "嘉峪关"),
            ("chī chá huà shì", "吃茶话事"),
            ("JIAYUGUAN", "嘉峪关"),
        ],
    )
    def test_pinyin_finds_the_cases_holding_the_name_it_spells(self, spelled, name):
        published = Case.objects.published()
        expected = search_ids(published, name, 100)
        assert expected
        assert search_ids(published, spelled, 100) == expected
        assert slugs(spelled) == slugs(name)
        understood = search.interpret(published, spelled)
        assert [(m.kind, m.names) for m in understood.aliases] == [("拼音", (name,))]

    def test_pinyin_and_chinese_words_are_anded(self):
        both = set(slugs("jiayuguan 调解"))
        assert both and both == set(slugs("嘉峪关")) & set(slugs("调解"))

    def test_a_pinyin_word_a_case_holds_as_written_is_searched_as_written(self):
        """Literal matches are never lost to an alias: the name a word spells is
        searched for only when the words as written find nothing."""
        literal = make_case(title="Wangge 工作室的案例")
        published = Case.objects.published()
        assert search_ids(published, "wangge", 100) == [literal.pk]
        assert search.interpret(published, "wangge").aliases == ()
        assert slugs("wangge") == [literal.slug]

    @pytest.mark.parametrize("query", ["2.0", "1+N", "abc", "tiaojie", "App", "jia"])
    def test_latin_queries_that_spell_no_name_are_searched_as_written(self, query):
        published = Case.objects.published()
        terms = parse_query(query)
        written = search.get_backend().ranked_ids(published, terms, 100)
        assert search_ids(published, query, 100) == written
        assert set(search.matching(published, query).values_list("pk", flat=True)) == (
            set(
                search.get_backend()
                .matching(published, terms)
                .values_list("pk", flat=True)
            )
        )
        assert search.interpret(published, query).aliases == ()

    def test_a_renamed_practice_is_spelled_by_its_new_name_at_once(self):
        practice = Practice.objects.get(name="厝边仙")
        practice.name = "邻里守望岗"
        practice.save()
        assert slugs("linlishouwanggang") == ["jianou-dangjian-yinqing-shequ-zhili"]

    # Results windows

    @pytest.mark.parametrize(
        "query",
        [q for q, _, _ in RELEVANCE]
        + ["社区", "党建 引领", "1+N", "2.0", "如何用吃茶话事化解邻里矛盾"]
        + ["網格化管理", "黨建+網格", "wangge", "Jia Yu Guan", "chichahuashi"],
    )
    def test_the_results_window_follows_the_search_order(self, query, newest_read):
        published = Case.objects.published()
        ordered = list(published.search(query).values_list("pk", flat=True))
        assert search.ranked_ids(published, query, len(ordered) + 5) == ordered
        assert search.ranked_ids(published, query, 3) == ordered[:3]

    @pytest.mark.parametrize("query", ["社区", "网格+", "调解", "党建 引领", "随褚办"])
    def test_a_filtered_results_window_follows_the_search_order(
        self, monkeypatch, query, newest_read
    ):
        """A filter narrows the cases the engine reads (a status alone is told apart
        inside the index), whether it ranks them or reads the newest."""
        for rank_limit, cases in itertools.product(
            [base.BaseSearchBackend.RANK_LIMIT, 2],
            [
                Case.objects.published().filter(region__chain__startswith="河南省"),
                Case.objects.all(),
                Case.objects.unpublished(),
            ],
        ):
            monkeypatch.setattr(base.BaseSearchBackend, "RANK_LIMIT", rank_limit)
            ordered = list(cases.search(query).values_list("pk", flat=True))
            assert search.ranked_ids(cases, query, len(ordered) + 5) == ordered
            assert search.ranked_ids(cases, query, 2) == ordered[:2]

    # Keeping the index in step

    def test_a_new_case_is_searchable_at_once(self):
        make_case(title="新增的睦邻议事会案例", practices=["睦邻议事会"])
        assert slugs("睦邻议事会")

    def test_an_edit_is_searchable_at_once_and_the_old_text_is_gone(self):
        case = make_case(title="旧名称甲乙丙", summary="摘要。")
        case.title = "银龄互助站"
        case.save()
        assert slugs("银龄互助站") == [case.slug]
        assert slugs("甲乙丙") == []

    def test_renaming_a_practice_reindexes_its_cases(self):
        practice = Practice.objects.get(name="厝边仙")
        practice.name = "厝边好帮手"
        practice.save()
        assert slugs("厝边好帮手") == ["jianou-dangjian-yinqing-shequ-zhili"]

    def test_adding_a_practice_reindexes_the_case(self):
        case = Case.objects.get(slug="yanji-shequ-zhili-huanxin-shengji")
        case.practices.add(Practice.objects.create(name="邻里守望岗"))
        assert slugs("邻里守望岗") == [case.slug]

    def test_an_unpublished_case_is_no_longer_found(self):
        case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
        case.status = Case.Status.DRAFT
        case.save()
        assert case.slug not in slugs("铁大叔议事团")

    def test_a_case_unpublished_in_bulk_is_no_longer_found(self):
        case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
        Case.objects.filter(pk=case.pk).update(status=Case.Status.DRAFT)
        published = Case.objects.published()
        assert case.pk not in search_ids(published, "铁大叔议事团")
        assert IndexEntry.objects.get(case=case).status == Case.Status.DRAFT
        Case.objects.filter(pk=case.pk).update(status=Case.Status.PUBLISHED)
        assert case.pk in search_ids(published, "铁大叔议事团")

    def test_a_deleted_case_leaves_the_index(self):
        case = make_case(title="即将删除的案例", practices=["临时做法甲"])
        make_metric(case)  # deleted first, with the case still there
        case.delete()
        assert not IndexEntry.objects.filter(case=case.pk).exists()
        assert Case.objects.all().search("临时做法甲").count() == 0
        assert search_ids(Case.objects.published(), "临时做法甲") == []

    def test_after_a_flush_old_text_finds_no_new_case(self):
        """A flush empties the index with the cases: the ids start again, and an
        old case's entry would lend its words to the new case given its id."""
        call_command("flush", interactive=False, verbosity=0)
        new = make_case(title="清空之后的新案例", summary="新的摘要。")
        published = Case.objects.published()
        assert search_ids(published, "吃茶话事") == []
        assert search_ids(published, "清空之后") == [new.pk]

    def test_the_rebuilt_index_matches_the_saved_documents(self):
        before = {q: slugs(q) for q in ("网格", "吃茶话事", "志愿")}
        search.rebuild(batch_size=5)
        assert {q: slugs(q) for q in before} == before

    def test_after_a_rebuild_an_edit_reaches_the_index(self):
        search.rebuild(batch_size=5)
        case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
        case.title = "重建之后改名的案例"
        case.save()
        assert slugs("重建之后改名") == [case.slug]

    def test_a_failed_rebuild_leaves_the_index_as_it_was(self, monkeypatch):
        before = {q: slugs(q) for q in ("网格", "吃茶话事")}
        backend_class = type(search.get_backend())
        write = backend_class.write
        calls = []

        def failing_write(self, documents, tokens):
            calls.append(len(documents))
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return write(self, documents, tokens)

        monkeypatch.setattr(backend_class, "write", failing_write)
        with pytest.raises(RuntimeError):
            search.rebuild(batch_size=5)
        monkeypatch.undo()
        assert {q: slugs(q) for q in before} == before
        case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
        case.title = "失败重建之后改名的案例"
        case.save()
        assert slugs("失败重建之后改名") == [case.slug]

    def test_entries_keep_each_cases_facet_keys(self):
        cases = list(Case.objects.values_list("pk", flat=True))
        documents = CaseDocuments().documents(cases)
        stored = dict(IndexEntry.objects.values_list("case", "facets"))
        assert stored == {pk: doc.facets for pk, doc in documents.items()}

    @pytest.mark.parametrize("candidates_per_match", [1, 4])
    def test_a_words_characters_apart_do_not_match_it(
        self, monkeypatch, candidates_per_match, newest_read
    ):
        """A phrase's tokens found apart in a case do not make it a match, however
        the newest matches are read."""
        monkeypatch.setattr(base.BaseSearchBackend, "RANK_LIMIT", 5)  # newest first
        monkeypatch.setattr(
            "cases.search.backends.postgres.CANDIDATES_PER_MATCH",
            candidates_per_match,
        )
        holding = make_case(title="甲乙丙丁工作法")
        for n in range(25):  # newer, with 甲乙, 乙丙 and 丙丁 apart
            make_case(title=f"甲乙，乙丙，丙丁{n}")
        published = Case.objects.published()
        assert search.ranked_ids(published, "甲乙丙丁", 10) == [holding.pk]
        assert slugs("甲乙丙丁") == [holding.slug]


def test_documents_hold_practice_names_places_and_figures():
    case = Case.objects.get(slug="zigong-xueyuan-xiaoyuan-tongxue")
    document = CaseDocuments().documents([case.pk])[case.pk]
    assert "小苑同学" in document.names
    assert "自贡" in document.places
    figure = case.metrics.first()
    assert set(index_text(figure.quote).split()) <= set(
        index_text(document.body).split()
    )
    assert document.status == case.status


@pytest.mark.backend("sqlite")
class TestSQLiteBackend(SearchBackendContract):
    backend = "cases.search.backends.sqlite.SQLiteSearchBackend"

    def test_after_a_rebuild_edits_merge_into_the_index_as_before(self):
        """A rebuild stops FTS5 merging segments while it writes: it must restore
        FTS5's default, or every later edit would add a segment to read."""
        search.rebuild(batch_size=5)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT v FROM search_indexentry_fts_config WHERE k = 'automerge'"
            )
            assert cursor.fetchone() == (4,)


@pytest.mark.backend("postgresql")
class TestPostgresBackend(SearchBackendContract):
    backend = "cases.search.backends.postgres.PostgresSearchBackend"

    @pytest.fixture(params=["from GIN", "from the date index"])
    def newest_read(self, request, monkeypatch):
        """PostgreSQL reads the newest matches one of two ways, by an estimate of how
        many cases hold the words: each must give the same results."""
        widely = request.param == "from the date index"
        monkeypatch.setattr(
            "cases.search.backends.postgres.PostgresSearchBackend._held_widely",
            lambda self, terms, literal, limit: widely,
        )
        return request.param

    @pytest.mark.django_db(transaction=True)
    def test_a_rebuild_by_several_writers_indexes_every_case(self, content):
        """Outside a transaction PostgreSQL's rebuild writes on two connections at
        once; every case must come out indexed, its facet keys too."""
        before = {q: slugs(q) for q in ("网格", "吃茶话事", "志愿")}
        IndexEntry.objects.update(facets="")
        written = search.rebuild(batch_size=3)
        assert written == Case.objects.count()
        assert {q: slugs(q) for q in before} == before
        ids = list(Case.objects.values_list("pk", flat=True))
        stored = dict(IndexEntry.objects.values_list("case", "facets"))
        assert stored == {
            pk: doc.facets for pk, doc in CaseDocuments().documents(ids).items()
        }


def test_cases_without_an_entry_are_indexed_on_request():
    """A database upgraded from before the search app has cases and no entries."""
    case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
    IndexEntry.objects.filter(case=case).delete()
    assert case.pk not in search_ids(Case.objects.published(), "铁大叔议事团")
    out = StringIO()
    call_command("rebuild_search_index", "--missing", stdout=out)
    assert "Indexed 1 cases" in out.getvalue()
    assert case.pk in search_ids(Case.objects.published(), "铁大叔议事团")
