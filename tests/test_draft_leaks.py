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
        reverse("cases:api-case-list") + f"?q={SECRET}&page_size=500",
        reverse("cases:api-metric-list") + "?page_size=500",
        reverse("cases:compare") + f"?subject={SECRET}",
        reverse("cases:case-export") + f"?q={SECRET}",
        reverse("cases:metric-export"),
        reverse("cases:case-feed"),
        reverse("cases:sitemap"),
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
        response = client.get(reverse("cases:api-case-list"), {name: value})
        assert response.status_code == 400, name
        assert name in response.json()["details"]
