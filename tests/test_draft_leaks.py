"""No public URL, parameter, export, feed or sitemap shows an unpublished case."""

import pytest
from django.urls import reverse

from cases.models import Case
from tests.factories import make_article, make_case, make_metric, make_region

pytestmark = pytest.mark.django_db
SECRET = "保密草稿甲乙"


@pytest.fixture(params=[Case.Status.DRAFT, Case.Status.REVIEW])
def draft(request):
    region = make_region(("保密省", "保密市", "保密区"))
    case = make_case(
        title=f"{SECRET}案例",
        status=request.param,
        region=region,
        practices=[f"{SECRET}做法"],
        communities=[f"{SECRET}社区"],
    )
    article = make_article(title=f"{SECRET}文章")
    make_metric(case, source=article, subject=f"{SECRET}办结率")
    return case


def public_urls(case):
    practice = case.practices.get()
    article = case.sources.get()
    return {
        "case page": case.get_absolute_url(),
        "region page": case.region.get_absolute_url(),
        "practice page": practice.get_absolute_url(),
        "article page": article.get_absolute_url(),
    }


def test_a_draft_has_no_page_of_its_own(client, draft):
    for name, url in public_urls(draft).items():
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize(
    "url",
    [
        reverse("cases:home"),
        reverse("cases:case-list"),
        reverse("cases:region-index"),
        reverse("cases:case-list") + f"?q={SECRET}",
        reverse("endpoints:api-case-list") + f"?q={SECRET}&page_size=500",
        # The pinyin of the draft's practice name: no name is read from it.
        reverse("cases:case-list") + "?q=baomicaogaojiayi",
        reverse("endpoints:api-case-list") + "?q=baomicaogaojiayi",
        reverse("endpoints:api-metric-list") + "?page_size=500",
        reverse("cases:compare") + f"?subject={SECRET}",
        reverse("endpoints:case-export") + f"?q={SECRET}",
        reverse("endpoints:metric-export"),
        reverse("endpoints:case-feed"),
        reverse("endpoints:sitemap"),
    ],
)
def test_no_list_feed_export_or_sitemap_mentions_a_draft(client, draft, url):
    body = (
        b"".join(client.get(url)).decode("utf-8-sig")
        if url.endswith(".csv") or "export" in url
        else client.get(url).content.decode()
    )
    # What the user typed comes back as typed: in the form, the URLs, the chip
    # of the search (关键词：…) and the API's interpretation ("query", "terms").
    echoes = [
        f"q={SECRET}",
        f"“{SECRET}”",
        f'value="{SECRET}"',
        f"subject={SECRET}",
        f"关键词：{SECRET}",
        f'"{SECRET}"',
    ]
    for echo in echoes:
        body = body.replace(echo, "")
    assert SECRET not in body


def test_a_drafts_practice_region_or_article_is_an_unknown_filter_choice(client, draft):
    """As unknown to the public as an id that does not exist: a 400."""
    for name, value in [
        ("practice", draft.practices.get().pk),
        ("region", draft.region.pk),
        ("source", draft.sources.get().pk),
    ]:
        response = client.get(reverse("endpoints:api-case-list"), {name: value})
        assert response.status_code == 400, name
        assert name in response.json()["details"]


# A word only a draft holds, and a word no case holds, that any splitter cuts alike.
DRAFT_ONLY, NOWHERE = "xqzdraftword", "xqzotherword"
SEARCH_ENTRY_POINTS = [
    reverse("cases:case-list"),
    reverse("endpoints:api-case-list"),
    reverse("endpoints:api-metric-list"),
    reverse("endpoints:case-export"),
    reverse("endpoints:metric-export"),
]


@pytest.mark.parametrize("url", SEARCH_ENTRY_POINTS)
@pytest.mark.parametrize(
    "query",
    [
        "{}",
        "网格 {}",
        "如何推广{}的社区治理经验",  # a sentence: its words are looked up one by one
        "如何学习{}与吃茶话事的做法",
        "“{}”",
    ],
)
def test_a_word_only_a_draft_holds_answers_as_a_word_no_case_holds(client, url, query):
    """Every count, candidate list and fallback decision of a search runs on the
    published cases: nothing in an answer tells that a draft holds a word."""
    make_case(
        title=f"草稿{DRAFT_ONLY}",
        summary=f"社区治理经验与{DRAFT_ONLY}",
        status=Case.Status.DRAFT,
    )

    def answer(word):
        response = client.get(url, {"q": query.format(word)})
        body = b"".join(response) if response.streaming else response.content
        return response.status_code, body.decode("utf-8-sig").replace(word, "WORD")

    assert answer(DRAFT_ONLY) == answer(NOWHERE)
