"""The admin's import: paste or fetch a report, review every proposal in the
article, then create the drafts. Nothing is saved before the curator confirms."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.importers.fetching import FetchFailed, article_from_url
from cases.models import Case, Metric, SourceArticle

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "pages"
REPORT = (
    "湖北省武汉市江岸区四唯街道组建“楼栋管家”志愿服务队，化解邻里矛盾纠纷。"
    "今年以来，服务队收集居民诉求 236件，办结率达97%。"
    "西马社区、三阳社区组建了“议事小组”，辖区划分 48个网格。"
)


@pytest.fixture
def url():
    return reverse("admin:cases_sourcearticle_import")


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@test.cn", "pw")
    client.force_login(user)
    return client


def review_data(response) -> dict:
    """What the browser sends back when the curator changes nothing."""
    review = response.context["review"]
    data = {"review": "1"}
    for form in [review.article, *(f for fs in review.formsets for f in fs)]:
        for field in form:
            value = field.value()
            if isinstance(value, bool) or field.name == "keep":
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list):
                data[field.html_name] = value
            elif value is not None:
                data[field.html_name] = str(value)
    for formset in review.formsets:
        for field in formset.management_form:
            data[field.html_name] = field.value()
    return data


def row_of(response, formset: str, **wanted) -> int:
    review = response.context["review"]
    for i, form in enumerate(getattr(review, formset)):
        if all(form[name].value() == value for name, value in wanted.items()):
            return i
    raise AssertionError(f"no {formset} row with {wanted}")


def test_the_import_page_is_for_staff_only(client, django_user_model, url):
    assert client.get(url).status_code == 302
    reader = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_it_is_linked_from_the_article_and_case_lists(staff, url):
    for name in ("admin:cases_sourcearticle_changelist", "admin:cases_case_changelist"):
        assert url in staff.get(reverse(name)).content.decode()


def test_reading_shows_every_proposal_marked_in_the_article_and_saves_nothing(
    staff, url
):
    response = staff.post(
        url, {"title": "测试", "origin": "review.txt", "text": REPORT}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<mark class="imp-place" id="mark-draft-0"><a href="#row-draft-0">' in body
    assert 'class="imp-community"' in body and ">西马社区</a>" in body
    assert ">楼栋管家</a>" in body
    assert '<mark class="imp-figure"' in body and "收集居民诉求 236件" in body
    assert 'id="row-figure-0"' in body
    assert not SourceArticle.objects.filter(origin="review.txt").exists()


def test_creating_the_drafts_saves_what_the_curator_kept_and_edited(staff, url):
    response = staff.post(
        url, {"title": "测试", "origin": "review.txt", "text": REPORT}
    )
    data = review_data(response)
    data["drafts-0-title"] = "江岸区四唯街道：“楼栋管家”化解邻里纠纷"
    rate = row_of(response, "figures", unit="%")
    del data[f"figures-{rate}-keep"]
    group = row_of(response, "practices", name="议事小组")
    del data[f"practices-{group}-keep"]
    community = row_of(response, "communities", name="三阳社区")
    del data[f"communities-{community}-keep"]
    data["article-publication"] = "江城日报"
    response = staff.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("?status__exact=draft")
    article = SourceArticle.objects.get(origin="review.txt")
    assert article.publication == "江城日报"
    (case,) = article.cases.all()
    assert case.status == Case.Status.DRAFT
    assert case.title == "江岸区四唯街道：“楼栋管家”化解邻里纠纷"
    assert set(case.practices.values_list("name", flat=True)) == {"楼栋管家"}
    assert set(case.communities.values_list("name", flat=True)) == {"西马社区"}
    assert list(case.metrics.values_list("unit", flat=True)) == ["件", "个"]


def test_a_figure_edited_away_from_its_quote_is_refused_and_nothing_saved(staff, url):
    response = staff.post(
        url, {"title": "测试", "origin": "review.txt", "text": REPORT}
    )
    data = review_data(response)
    row = row_of(response, "figures", unit="件")
    data[f"figures-{row}-value"] = "263"
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "原文引述中没有写出这个数值" in response.content.decode()
    assert not SourceArticle.objects.filter(origin="review.txt").exists()


def test_a_figure_can_move_to_another_draft_and_a_chain_be_completed(staff, url):
    text = "关口街道推行“楼栋议事”，收集诉求 36件。"
    response = staff.post(url, {"origin": "complete.txt", "text": text})
    data = review_data(response)
    assert data["drafts-0-chain"] == "关口街道"
    staff_response = staff.post(url, data)
    assert "请从省级开始填写地区" in staff_response.content.decode()
    data["drafts-0-chain"] = "湖北省 › 武汉市 › 江汉区 › 关口街道"
    assert staff.post(url, data).status_code == 302
    case = SourceArticle.objects.get(origin="complete.txt").cases.get()
    assert case.region.chain == "湖北省 › 武汉市 › 江汉区 › 关口街道"
    assert case.region.level == "township"


def test_the_reviewed_draft_validates_and_publishes(staff, url):
    response = staff.post(
        url, {"title": "测试", "origin": "publish.txt", "text": REPORT}
    )
    staff.post(url, review_data(response))
    case = SourceArticle.objects.get(origin="publish.txt").cases.get()
    case.full_clean()
    for metric in Metric.objects.filter(case=case).select_related("source"):
        metric.full_clean()
    changelist = reverse("admin:cases_case_changelist")
    staff.post(changelist, {"action": "publish", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == Case.Status.PUBLISHED
    assert "待审核" not in case.title


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "空", "origin": "empty", "text": "  "}, "请粘贴文章全文"),
        (
            {"title": "无", "origin": "none", "text": "今天天气很好。"},
            "未能在文章中识别出任何地点",
        ),
        ({"title": "源", "origin": "", "text": REPORT}, "请填写来源"),
    ],
)
def test_unusable_input_is_explained(staff, url, data, message):
    response = staff.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_known_origin_is_refused_before_review(staff, url):
    known = SourceArticle.objects.first().origin
    response = staff.post(url, {"origin": known.upper(), "text": REPORT})
    assert "已导入过" in response.content.decode()


def test_a_huge_text_is_refused(staff, url):
    response = staff.post(url, {"origin": "big", "text": "字" * 1_000_000})
    assert response.status_code == 200
    body = response.content.decode()
    assert "过大" in body or "过长" in body


# Import from a URL


def fake_fetch(url):
    return (PAGES / "report.html").read_text(encoding="utf-8")


def test_a_page_gives_its_main_text_and_metadata():
    article = article_from_url("https://news.example.cn/a/1.html#top", fetch=fake_fetch)
    assert article.origin == "https://news.example.cn/a/1.html"
    assert article.title == "“楼栋管家”让老旧小区焕新颜"
    assert article.publication == "江城新闻网"
    assert article.published_on == date(2025, 6, 30)
    assert "收集居民诉求 236件" in article.text
    assert "版权所有" not in article.text and "关于我们" not in article.text


def test_only_web_addresses_on_other_machines_are_fetched():
    with pytest.raises(FetchFailed):
        article_from_url("file:///etc/passwd", fetch=fake_fetch)
    with pytest.raises(FetchFailed, match="内网或本机"):
        article_from_url("http://127.0.0.1:8000/admin/")


def test_the_admin_imports_from_a_url(staff, url, monkeypatch):
    monkeypatch.setattr("cases.admin.imports.fetch_html", fake_fetch)
    page = "https://news.example.cn/2025/0630/a1.html"
    response = staff.post(url, {"url": page})
    assert response.status_code == 200
    assert response.context["review"].article["origin"].value() == page
    assert staff.post(url, review_data(response)).status_code == 302
    article = SourceArticle.objects.get(origin=page)
    assert (article.title, article.publication) == (
        "“楼栋管家”让老旧小区焕新颜",
        "江城新闻网",
    )
    response = staff.post(url, {"url": page.replace("https", "http") + "/"})
    assert "已导入过" in response.content.decode()


# Several files from the command line


def test_several_files_import_with_a_summary_table(tmp_path):
    first, second, empty = (tmp_path / name for name in ("a.txt", "b.txt", "c.txt"))
    first.write_text(REPORT, encoding="utf-8")
    second.write_text("河南省焦作市温县武德镇推行“戏曲周周唱”，演出 40场。", "utf-8")
    empty.write_text("今天天气很好。", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 3"):
        call_command(
            "import_article", first, second, empty, stdout=out, stderr=StringIO()
        )
    table = out.getvalue()
    assert "source" in table and "result" in table
    assert "1 drafts" in table and "rejected: 未能在文章中识别出任何地点" in table
    assert SourceArticle.objects.filter(origin__in=["a.txt", "b.txt"]).count() == 2
    assert not SourceArticle.objects.filter(origin="c.txt").exists()
