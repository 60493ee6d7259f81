"""The English interface: English at /en/, Chinese at / whatever the browser asks,
English names of places, themes and kinds of figure, English queries that name
them, and both languages linked to each other and listed in the sitemap."""

import re
from urllib.parse import unquote_plus, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from cases.english import name_key, place_name
from cases.models import Case, Metric, Region, Theme
from tests.interface_language import CHINESE, chinese_interface_text
from tests.test_pages import page_urls, queries_for

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([^"]+)">')
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def english(url: str) -> str:
    return "/en" + url


def alternates(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    )


def test_a_page_without_a_language_prefix_is_chinese_whatever_the_browser_asks(
    client,
):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("cases:home"), **ENGLISH_BROWSER)
    assert HTML_LANG.search(response.content.decode()).group(1) == "zh-Hans"
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" not in response.get("Vary", "")
    assert "治理案例库" in response.content.decode()


def test_validation_messages_follow_the_page_not_the_browser(client):
    url = reverse("cases:case-list") + "?metric_min=abc"
    chinese = client.get(url, **ENGLISH_BROWSER)
    assert chinese.status_code == 400
    assert "输入一个数字。" in chinese.content.decode()
    assert "Enter a number" not in chinese.content.decode()
    english_page = client.get(english(url))
    assert english_page.status_code == 400
    assert "Enter a number." in english_page.content.decode()


def test_the_admin_stays_chinese_and_is_not_under_en(client):
    response = client.get("/admin/login/", **ENGLISH_BROWSER)
    assert "登录" in response.content.decode()
    assert client.get("/en/admin/login/").status_code == 404


def test_what_machines_read_has_one_address_outside_en(client):
    for url in ("/api/cases/", "/sitemap.xml", "/robots.txt", "/cases/export.csv"):
        assert client.get(url).status_code == 200, url
        assert client.get(english(url)).status_code == 404, url


def _english_pages() -> list[str]:
    case_pages = [case.get_absolute_url() for case in Case.objects.published()]
    henan = Region.objects.get(name="河南省")
    return [
        *page_urls(),
        *case_pages,
        reverse("cases:region-figures", args=[henan.pk]),
        reverse("cases:compare"),
        reverse("cases:compare") + "?subject=办结率",
        reverse("cases:case-list") + "?metric_kind=rate&metric_min=90",
        reverse("cases:case-list") + "?metric=办结率&metric_min=99.5",
        reverse("cases:case-list") + "?q=xyzzy",
        reverse("cases:case-list") + "?theme=grid-management&named=grid+management",
        reverse("cases:case-list") + "?metric_min=abc",
        reverse("cases:case-list") + "?page=2&sort=region",
        "/no-such-page/",
    ]


def test_english_pages_show_no_chinese_interface_text(client):
    """Every Chinese text of an English page is content marked lang="zh-Hans";
    what a reader typed (办结率 in the link) is theirs."""
    for url in _english_pages():
        response = client.get(english(url))
        assert response.status_code in (200, 400, 404), url
        html = response.content.decode()
        assert HTML_LANG.search(html).group(1) == "en", url
        typed = [unquote_plus(value) for value in re.findall(r"=([^&]+)", url)]
        untranslated = []
        for text in chinese_interface_text(html):
            for value in typed:
                text = text.replace(value, "")
            if CHINESE.search(text):
                untranslated.append(text)
        assert untranslated == [], url


def test_the_check_finds_chinese_left_untranslated():
    html = (
        '<html lang="en"><body><h1 lang="zh-Hans">网格+</h1>'
        "<p>3 cases</p><p>共 3 个案例</p>"
        '<input placeholder="搜索"><p>Theme：Grid</p></body></html>'
    )
    assert chinese_interface_text(html) == [
        "共 3 个案例",
        "<input placeholder='搜索'>",
        "Theme：Grid",
    ]


def test_english_pages_name_places_in_pinyin_beside_the_chinese(client):
    henan = Region.objects.get(name="河南省")
    html = client.get(english(henan.get_absolute_url())).content.decode()
    assert '<h1>Henan <span lang="zh-Hans">河南省</span></h1>' in html
    assert 'Zhengzhou <span lang="zh-Hans">郑州市</span>' in html
    home = client.get("/en/").content.decode()
    # The map's titles cannot mark Chinese: pinyin alone there.
    assert re.search(r"<title>Henan: \d+ cases</title>", home)
    assert "South China Sea Islands" in home


@pytest.mark.parametrize(
    ("name", "english_name"),
    [
        ("河南省", "Henan"),
        ("郑州市", "Zhengzhou"),
        ("重庆市", "Chongqing"),
        ("陕西省", "Shaanxi"),
        ("山西省", "Shanxi"),
        ("内蒙古自治区", "Inner Mongolia"),
        ("延边朝鲜族自治州", "Yanbian"),
        ("西安市", "Xi'an"),
        ("金水区", "Jinshui"),
        ("和县", "He"),
        ("焦作高新区", "Jiaozuo High-tech Zone"),
        ("学苑街道", "Xueyuan"),
        ("化工镇", "Huagong"),
        ("吕梁市", "Lüliang"),
    ],
)
def test_a_place_is_named_in_pinyin_without_tone_marks(name, english_name):
    assert place_name(name) == english_name


def test_names_match_whatever_the_case_spaces_and_apostrophes():
    assert name_key("Xi'an") == name_key("xian") == name_key("XIAN")
    assert name_key("Grid  management") == name_key("grid management")
    assert name_key("Lüliang") == name_key("lvliang") == name_key("luliang")


def test_every_theme_has_a_curated_english_name():
    assert not Theme.objects.filter(name_en="").exists()
    with translation.override("en"):
        grid = Theme.objects.get(slug="grid-management")
        assert grid.display_name == "Grid management"
    assert grid.display_name == "网格化管理"


def test_themes_and_kinds_of_figure_read_in_english(client):
    html = client.get(english(reverse("cases:case-list"))).content.decode()
    assert ">Grid management</a>" in html
    assert ">Rate</a>" in html  # 比率
    case = Case.objects.get(slug="jianou-dangjian-yinqing-shequ-zhili")
    html = client.get(english(case.get_absolute_url())).content.decode()
    assert "Party building" in strip_tags(html)


@pytest.mark.parametrize(
    ("years", "chinese", "in_english"),
    [
        ((2024, 2024), "2024年", "2024"),
        ((2023, 2025), "2023—2025年", "2023–2025"),
        ((2023, None), "2023年以来", "since 2023"),
        ((None, 2025), "截至2025年", "up to 2025"),
        ((None, None), "", ""),
    ],
)
def test_a_figures_years_read_in_the_pages_language(years, chinese, in_english):
    metric = Metric(year_from=years[0], year_to=years[1])
    assert metric.years == chinese
    with translation.override("en"):
        assert metric.years == in_english


def test_the_language_switch_links_the_same_page_in_the_other_language(client):
    url = reverse("cases:case-list") + "?theme=grid-management&sort=region"
    html = client.get(url).content.decode()
    switch = re.search(r'<a class="language-switch" ([^>]*)>([^<]*)</a>', html)
    assert switch.group(2) == "English"
    assert 'hreflang="en"' in switch.group(1) and 'lang="en"' in switch.group(1)
    href = re.search(r'href="([^"]+)"', switch.group(1)).group(1)
    assert urlsplit(href).path == "/en/cases/"
    assert urlsplit(href).query == "theme=grid-management&amp;sort=region"
    html = client.get(english(url)).content.decode()
    switch = re.search(r'<a class="language-switch" ([^>]*)>([^<]*)</a>', html)
    assert switch.group(2) == "中文"
    assert 'hreflang="zh-Hans"' in switch.group(1)
    assert urlsplit(re.search(r'href="([^"]+)"', switch.group(1)).group(1)).path == (
        "/cases/"
    )


def test_every_page_lists_itself_in_both_languages(client):
    case = Case.objects.published().first()
    for url in (reverse("cases:home"), case.get_absolute_url()):
        for shown in (url, english(url)):
            links = alternates(client.get(shown).content.decode())
            assert links == {
                "zh-Hans": f"http://testserver{url}",
                "x-default": f"http://testserver{url}",
                "en": f"http://testserver{english(url)}",
            }, shown


def test_a_page_that_does_not_exist_links_each_languages_home(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert alternates(html)["zh-Hans"] == "http://testserver/"


def test_the_sitemap_lists_every_page_in_both_languages(client):
    xml = client.get(reverse("endpoints:sitemap")).content.decode()
    case = Case.objects.published().first()
    url = f"http://testserver{case.get_absolute_url()}"
    english_url = f"http://testserver/en{case.get_absolute_url()}"
    assert f"<loc>{url}</loc>" in xml
    assert f"<loc>{english_url}</loc>" in xml
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{english_url}"/>' in xml
    assert f'hreflang="x-default" href="{url}"/>' in xml
    assert xml.count("<loc>http://testserver/en/") == xml.count("<loc>") // 2


def test_an_english_theme_name_shows_that_themes_cases(client):
    url = english(reverse("cases:case-list"))
    response = client.get(url, {"q": "grid management"})
    assert response.status_code == 302
    assert response["Location"] == (
        "/en/cases/?theme=grid-management&named=grid+management"
    )
    page = client.get(response["Location"])
    grid = Theme.objects.get(slug="grid-management")
    assert page.context["page"].paginator.count == grid.cases.published().count() > 0
    text = strip_tags(page.content.decode())
    assert "Showing the theme named “grid management”." in text
    assert "Theme: Grid management" in text
    # The text search is one link away, quoted so that it is not named again.
    assert 'href="?q=%22grid+management%22"' in page.content.decode()


def test_a_regions_pinyin_name_shows_every_case_at_or_below_it(client):
    henan = Region.objects.get(name="河南省")
    for url in (reverse("cases:case-list"), english(reverse("cases:case-list"))):
        response = client.get(url, {"q": "henan", "year": "2025"}, follow=True)
        shown = response.context["page"].paginator.count
        assert (
            shown == Case.objects.published().in_region(henan).filter(year=2025).count()
        )
        assert shown > 0
        assert response.redirect_chain[0][0].endswith(f"region={henan.pk}&named=henan")


def test_an_english_kind_of_figure_name_filters_by_that_kind(client):
    response = client.get(english(reverse("cases:case-list")), {"q": "Rate"})
    assert response["Location"] == "/en/cases/?metric_kind=rate&named=Rate"


def test_a_name_is_searched_as_text_when_quoted_or_its_filter_is_already_set(client):
    url = english(reverse("cases:case-list"))
    quoted = client.get(url, {"q": '"grid management"'})
    assert quoted.status_code == 200
    assert quoted.context["filter"].query == '"grid management"'
    set_already = client.get(url, {"q": "grid management", "theme": "mediation"})
    assert set_already.status_code == 200
    assert set_already.context["filter"].query == "grid management"
    another_filter = client.get(url, {"q": "Henan", "theme": "mediation"})
    henan = Region.objects.get(name="河南省")
    assert another_filter["Location"] == (
        f"/en/cases/?theme=mediation&region={henan.pk}&named=Henan"
    )


def test_removing_the_named_filter_drops_the_note(client):
    url = english(reverse("cases:case-list"))
    page = client.get(url + "?theme=grid-management&named=grid+management")
    assert 'href="?" aria-label="Remove filter: Theme"' in page.content.decode()
    other = client.get(url + "?theme=mediation&named=grid+management")
    assert other.context["named"] is None


def test_english_pages_ask_no_more_queries_than_chinese_ones(client):
    for url in page_urls():
        assert queries_for(client, english(url)) == queries_for(client, url), url


def test_counts_cached_by_a_chinese_page_read_in_english_on_an_english_one(client):
    """The caches the languages share keep labels, not words of one language."""
    henan = Region.objects.get(name="河南省")
    for url in (reverse("cases:case-list"), henan.get_absolute_url()):
        chinese = client.get(url).content.decode()
        assert "比率" in chinese
        html = client.get(english(url)).content.decode()
        assert chinese_interface_text(html) == [], url
        assert "Rate" in html
        assert "Rate" not in client.get(url).content.decode()


def test_english_pages_link_english_pages(client):
    henan = Region.objects.get(name="河南省")
    machines = ("/static/", "/api/", "/feeds/", "/cases/export.csv", "/metrics/export")
    for url in ("/", reverse("cases:case-list"), henan.get_absolute_url()):
        client.get(url)  # the Chinese page first: links reversed once per language
        html = client.get(english(url)).content.decode()
        links = re.findall(r'href="(/[^"]*)"', html)
        assert [
            link for link in links if not link.startswith(("/en/", *machines))
        ] == []
        assert any(link.startswith("/en/cases/") for link in links)
