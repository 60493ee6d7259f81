"""Pages that read well: one breadcrumb, matched practices first, sources by
publication and date, a GB/T 7714 citation, provinces in national order, inferred
levels explained, short region pages, a favicon and Chinese error pages."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse
from django.utils import timezone

from cases.models import Case, Metric, Region, SourceArticle
from tests.factories import make_article, make_case, make_metric, make_region

pytestmark = pytest.mark.django_db

DATED = "004_8bbffb6f5c1d8144.txt"


def html(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_case_page_has_one_breadcrumb_linking_every_region_once(client):
    case = Case.objects.get(slug="jiaozuo-jiefangqu-wangchu-wangge-jia")
    page = main(html(client, case.get_absolute_url()))
    assert page.count('class="breadcrumbs"') == 1
    for region in [*case.region.ancestors(), case.region]:
        assert page.count(f'href="{region.get_absolute_url()}"') == 1, region.name
    assert case.region.chain not in page  # not printed again beside the title


def _crowded_case_and_its_last_practice():
    case = max(Case.objects.published(), key=lambda c: c.practices.count())
    practices = list(case.practices.order_by("name"))
    assert len(practices) > 8  # the card shows 8, then 等 N 项
    return case, practices[-1]


def _card_tags(page: str, case: Case) -> str:
    card = page.split(f'href="{case.get_absolute_url()}"', 1)[1]
    return card.split("</article>", 1)[0]


def test_a_practice_page_shows_that_practice_first_on_each_card(client):
    case, practice = _crowded_case_and_its_last_practice()
    page = html(client, practice.get_absolute_url())
    tags = _card_tags(page, case)
    first = re.search(r'<ul class="tags".*?<li><a href="([^"]+)"', tags, re.S)
    assert first.group(1) == practice.get_absolute_url()


def test_a_search_shows_the_matching_practice_first(client):
    case, practice = _crowded_case_and_its_last_practice()
    page = html(client, reverse("cases:case-list"), q=practice.name)
    tags = _card_tags(page, case)
    assert practice.get_absolute_url() in tags


def test_sources_are_shown_by_publication_and_date_not_file_name(client):
    article = SourceArticle.objects.get(origin=DATED)
    for url in [article.get_absolute_url(), article.cases.first().get_absolute_url()]:
        page = main(html(client, url))
        assert DATED not in page
        assert "河南红色传承教育培训" in page and "2025年12月16日" in page
    undated = SourceArticle.objects.get(origin__startswith="002")
    page = main(html(client, undated.get_absolute_url()))
    assert undated.origin not in page
    assert "日期不详" in page


def test_a_source_on_the_web_links_to_its_address(client):
    article = make_article(origin="https://news.example.cn/2024/0301/a.html")
    case = make_case()
    make_metric(case, source=article)
    for url in [case.get_absolute_url(), article.get_absolute_url()]:
        assert 'href="https://news.example.cn/2024/0301/a.html"' in html(client, url)


def test_the_citation_follows_gb_t_7714_2015(client):
    today = timezone.localdate().isoformat()
    case = Case.objects.get(slug="zhengzhou-jinshui-xinyuan-duoyuan-gongzhi")
    article = SourceArticle.objects.get(origin=DATED)
    response = client.get(case.get_absolute_url())
    source_line, page_line = response.context["citation"]
    assert source_line == (
        f"{article.title}[EB/OL]. 河南红色传承教育培训, 2025(2025-12-16)[{today}]. "
        f"http://testserver{article.get_absolute_url()}."
    )
    assert page_line == (
        f"治理案例库. {case.title}[EB/OL]. "
        f"({timezone.localdate(case.updated_at).isoformat()})[{today}]. "
        f"http://testserver{case.get_absolute_url()}."
    )


def test_a_citation_says_what_its_source_does_not(client):
    today = timezone.localdate().isoformat()
    case = Case.objects.get(slug="jiaozuo-gaoxinqu-wenyuan-binxi-dangjian-lianjian")
    article = case.sources.get()
    line = client.get(case.get_absolute_url()).context["citation"][0]
    assert line == (
        f"杜挺勇. {article.title}[N/OL]. [出版者不详], [出版日期不详][{today}]. "
        f"http://testserver{article.get_absolute_url()}."
    )


def test_a_citation_of_a_web_source_gives_its_own_address(client):
    article = make_article(
        origin="https://news.example.cn/a.html",
        title="某地网格化治理见闻",
        author="张三",
        publication="某某日报",
        medium=SourceArticle.Medium.NEWSPAPER,
        published_on="2024-03-01",
    )
    case = make_case()
    make_metric(case, source=article)
    today = timezone.localdate().isoformat()
    line = client.get(case.get_absolute_url()).context["citation"][0]
    assert line == (
        f"张三. 某地网格化治理见闻[N/OL]. 某某日报, 2024-03-01[{today}]. "
        "https://news.example.cn/a.html."
    )


PROVINCE_ORDER = ["河北省", "吉林省", "江苏省", "福建省", "江西省", "河南省"]


def test_provinces_are_in_national_order_by_code(client):
    make_case(region=make_region(("未编码省", "某市"), ("province", "city")))
    page = html(client, reverse("cases:region-index"))
    names = re.findall(r'<li><a href="/regions/\d+/">([^<]+)</a>', page)
    provinces = [n for n in names if n.endswith("省")]
    assert provinces[: len(PROVINCE_ORDER)] == PROVINCE_ORDER
    assert provinces[-1] == "未编码省"  # no code: last, by name


def test_regions_get_the_official_code_where_their_chain_matches():
    codes = dict(Region.objects.values_list("chain", "code"))
    assert codes["河南省"] == "410000"
    assert codes["河南省 › 郑州市 › 金水区"] == "410105"
    assert codes["吉林省 › 延边朝鲜族自治州 › 延吉市"] == "222401"
    assert codes["四川省 › 自贡市 › 自贡高新区"] == ""  # not an official division
    assert codes["四川省 › 自贡市 › 自贡高新区 › 学苑街道"] == ""


def test_a_curators_code_is_kept():
    region = Region.objects.create(name="金水区测试", level="county", code="999999")
    Region.objects.fill_codes()
    region.refresh_from_db()
    assert region.code == "999999"


def test_inferred_levels_are_explained_where_shown(client):
    assert Region.objects.filter(inferred=True).exists()
    page = html(client, reverse("cases:region-index"))
    markers = re.findall(r'aria-describedby="([^"]+)"[^>]*>（推断）', page)
    assert markers
    (note_id,) = set(markers)
    note = re.search(rf'id="{note_id}"[^>]*>(.*?)</', page, re.S).group(1)
    assert "来源文章未写明" in note


def test_a_region_page_lists_cases_and_summarises_its_figures(client):
    henan = Region.objects.get(name="河南省")
    page = html(client, henan.get_absolute_url())
    figures = Metric.objects.published().filter(
        case__region__path__startswith=henan.path
    )
    assert figures.count() > 20
    assert page.count(">原文</a>") < 10  # no table of every figure
    assert page.index('id="cases-title"') < page.index('id="figures-title"')
    full_table = reverse("cases:region-figures", args=[henan.pk])
    assert f'href="{full_table}"' in page
    assert f"{figures.count()} 条数据" in page
    table = html(client, full_table)
    for metric in figures:
        assert metric.get_absolute_url() in table


def test_a_region_figures_page_is_a_404_without_published_cases(client):
    region = make_region(("空省", "空市"), ("province", "city"))
    url = reverse("cases:region-figures", args=[region.pk])
    assert client.get(url).status_code == 404


def test_every_page_links_a_favicon_that_exists(client):
    page = html(client, reverse("cases:home"))
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    assert client.get(icon).status_code == 200
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain or response["Content-Type"].startswith("image/")


ENGLISH = ("Not Found", "Server Error", "Bad Request", "Forbidden", "CSRF")


def _is_chinese_page(body: str) -> bool:
    return "治理案例库" in body and not any(word in body for word in ENGLISH)


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_a_missing_page_is_a_chinese_404_with_debug_off(client, production):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and _is_chinese_page(body)


def test_a_server_error_is_a_chinese_500_with_debug_off(production):
    server_error = get_resolver().resolve_error_handler(500)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器出错" in body and _is_chinese_page(body)
    assert "css/site" in body


def test_a_bad_request_is_a_chinese_400_with_debug_off(client, production):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert _is_chinese_page(response.content.decode())


def test_a_refused_form_is_a_chinese_403_with_debug_off(production):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x"})
    assert response.status_code == 403
    assert _is_chinese_page(response.content.decode())
