"""Revision history: who changed what and when, a readable diff, revert."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cases import search
from cases.models import Case, Community, Metric, Practice, Region, SourceArticle
from tests.factories import make_article, make_case, make_metric, make_region
from tests.test_admin import change_form_data
from tests.test_import_review import review_data

pytestmark = pytest.mark.django_db

ARTICLE_TEXT = (
    "某某街道推行“网格+”工作法，目前已收集居民诉求 131个，"
    "议事协商办结率达85.7%，今年以来服务群众1.5万余人次。"
)


def login(client, name):
    user = User.objects.create_superuser(name, f"{name}@example.org", "s3cret-pass")
    client.force_login(user)
    return client


@pytest.fixture
def curator(client):
    return login(client, "curator")


@pytest.fixture
def case():
    """A published case with two figures and a practice, made outside the admin
    (as the seed loader makes them): nothing recorded yet."""
    article = make_article(text=ARTICLE_TEXT)
    case = make_case(title="网格议事旧标题", practices=["旧做法"])
    make_metric(case, article, subject="收集居民诉求", position=0)
    make_metric(
        case,
        article,
        subject="议事协商办结率",
        kind=Metric.Kind.RATE,
        value=85.7,
        unit="%",
        quote="议事协商办结率达85.7%",
        position=1,
    )
    return case


def edit_case(client, case, **changes):
    """Save the case's change form as a curator would, with ``changes``."""
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def history_page(client, obj) -> str:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode().split('<div id="content"', 1)[1]
    return re.sub(r"\s+", " ", content)  # without the header, which names the user


def revert_links(page: str) -> list[str]:
    """The page's revert links, newest revision first."""
    return re.findall(r'href="([^"]*/history/\d+/)"', page)


def test_an_admin_edit_is_recorded_with_who_and_a_field_by_field_diff(curator, case):
    practice = Practice.objects.create(name="新做法")
    edit_case(
        curator,
        case,
        title="网格议事新标题",
        practices=[str(practice.pk)],
        **{"metrics-0-subject": "收集群众诉求"},
    )
    page = history_page(curator, case)
    assert "curator" in page
    assert re.search(r"标题.*网格议事旧标题.*→.*网格议事新标题", page)
    assert re.search(r"做法/品牌.*旧做法.*→.*新做法", page)
    assert re.search(r"统计对象.*收集居民诉求.*→.*收集群众诉求", page)


def test_the_diff_shows_added_and_removed_figures(curator, case):
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = change_form_data(curator.get(url))
    data["metrics-1-DELETE"] = "on"
    curator.post(url, data)
    page = history_page(curator, case)
    assert re.search(r"删除.*议事协商办结率.*议事协商办结率达85.7%", page)


def test_reverting_restores_the_case_its_links_and_its_figures(curator, case):
    article = case.sources.get()
    before = {
        m.pk: (m.subject, m.value, m.quote) for m in Metric.objects.filter(case=case)
    }
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = change_form_data(curator.get(url))
    data.update(
        {
            "title": "网格议事新标题",
            "practices": [str(Practice.objects.create(name="新做法").pk)],
            "metrics-0-subject": "收集群众诉求",
            "metrics-1-DELETE": "on",
            "metrics-TOTAL_FORMS": "3",
            "metrics-2-subject": "服务群众",
            "metrics-2-kind": "people",
            "metrics-2-value": "15000",
            "metrics-2-unit": "人次",
            "metrics-2-qualifier": "余",
            "metrics-2-source": str(article.pk),
            "metrics-2-quote": "今年以来服务群众1.5万余人次",
            "metrics-2-position": "2",
        }
    )
    assert curator.post(url, data).status_code == 302
    assert case.metrics.count() == 2

    oldest = revert_links(history_page(curator, case))[-1]
    confirm = curator.get(oldest)
    assert "网格议事旧标题" in confirm.content.decode()
    response = curator.post(oldest, change_form_version(confirm))
    assert response.status_code == 302

    case.refresh_from_db()
    assert case.title == "网格议事旧标题"
    assert list(case.practices.values_list("name", flat=True)) == ["旧做法"]
    after = {
        m.pk: (m.subject, m.value, m.quote) for m in Metric.objects.filter(case=case)
    }
    assert after == before
    assert "恢复" in history_page(curator, case)


def change_form_version(response) -> dict:
    """The hidden version a revert confirmation page posts back."""
    found = re.search(r'name="loaded_version" value="(\d+)"', response.content.decode())
    return {"loaded_version": found.group(1)}


def test_reverting_reindexes_search(curator, case):
    edit_case(curator, case, title="网格议事新标题")
    published = Case.objects.published()
    assert list(search.search(published, "新标题")) == [case]
    oldest = revert_links(history_page(curator, case))[-1]
    curator.post(oldest, change_form_version(curator.get(oldest)))
    assert list(search.search(published, "旧标题")) == [case]
    assert list(search.search(published, "新标题")) == []


def test_bulk_status_changes_are_recorded_with_who_did_them(curator, case):
    changelist = reverse("admin:cases_case_changelist")
    curator.post(
        changelist, {"action": "send_back_to_draft", "_selected_action": [case.pk]}
    )
    page = history_page(curator, case)
    assert "curator" in page
    assert re.search(r"状态.*已发布.*→.*草稿", page)


def test_imports_are_recorded_as_drafts_with_who_imported_them(curator):
    text = (
        "河南省郑州市金水区杜岭街道西里路社区推行“楼院议事会”工作法。"
        "今年以来，杜岭街道共收集居民诉求 131个。"
    )
    url = reverse("admin:cases_sourcearticle_import")
    review = curator.post(
        url, {"title": "导入测试", "origin": "history-import", "text": text}
    )
    response = curator.post(url, review_data(review))  # kept as proposed
    assert response.status_code == 302
    [case] = SourceArticle.objects.get(origin="history-import").cases.all()
    page = history_page(curator, case)
    assert "curator" in page
    assert "导入" in page and "草稿" in page


@pytest.mark.parametrize(
    "model,change",
    [
        (Practice, {"name": "改名后的做法"}),
        (Community, {"name": "改名后的社区"}),
        (Region, {"name": "改名后的区"}),
        (SourceArticle, {"title": "改名后的文章"}),
    ],
)
def test_practices_communities_regions_and_articles_have_history(
    curator, model, change
):
    region = make_region()
    objects = {
        Practice: lambda: Practice.objects.create(name="原来的做法"),
        Community: lambda: Community.objects.create(name="原来的社区", region=region),
        Region: lambda: region,
        SourceArticle: lambda: make_article(title="原来的文章"),
    }
    obj = objects[model]()
    old = str(getattr(obj, next(iter(change))))
    opts = model._meta
    url = reverse(f"admin:cases_{opts.model_name}_change", args=[obj.pk])
    data = change_form_data(curator.get(url))
    data.update(change)
    assert curator.post(url, data).status_code == 302
    page = history_page(curator, obj)
    new = next(iter(change.values()))
    assert re.search(rf"{re.escape(old)}.*→.*{re.escape(new)}", page)
    oldest = revert_links(page)[-1]
    curator.post(oldest, {})
    obj.refresh_from_db()
    assert str(getattr(obj, next(iter(change)))) == old


def test_the_public_page_shows_the_last_change_including_a_figures(client, case):
    shanghai = ZoneInfo("Asia/Shanghai")
    Case.objects.filter(pk=case.pk).update(
        updated_at=datetime(2021, 3, 4, 12, tzinfo=shanghai)
    )
    assert "最后更新：2021年3月4日" in public_text(client, case)
    figure = case.metrics.first()
    figure.period = "2024年"
    figure.save()
    case.refresh_from_db()
    today = case.updated_at.astimezone(shanghai)
    assert today.year > 2021
    assert f"最后更新：{today.year}年{today.month}月{today.day}日" in public_text(
        client, case
    )


def public_text(client, case) -> str:
    return re.sub(r"<[^>]+>", "", client.get(case.get_absolute_url()).content.decode())
