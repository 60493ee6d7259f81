import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cases.lib.numbers import strip_whitespace
from cases.models import Case, Metric, SourceArticle
from tests.factories import make_case

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    "region",
    "community",
    "sourcearticle",
    "theme",
    "practice",
    "case",
    "metric",
]


@pytest.fixture
def curator_client(client):
    user = User.objects.create_superuser("curator", "c@example.org", "s3cret-pass")
    client.force_login(user)
    return client


def test_the_admin_requires_login(client):
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_model_can_be_listed_searched_added_and_edited(curator_client, model):
    changelist = reverse(f"admin:cases_{model}_changelist")
    assert curator_client.get(changelist).status_code == 200
    assert curator_client.get(changelist, {"q": "社区"}).status_code == 200
    assert curator_client.get(reverse(f"admin:cases_{model}_add")).status_code == 200
    from django.apps import apps

    obj = apps.get_model("cases", model).objects.first()
    change = reverse(f"admin:cases_{model}_change", args=[obj.pk])
    assert curator_client.get(change).status_code == 200


def test_admin_search_finds_a_case_by_practice_name(curator_client):
    response = curator_client.get(
        reverse("admin:cases_case_changelist"), {"q": "小苑同学"}
    )
    assert "学苑街道" in response.content.decode()


def test_each_case_and_practice_shows_how_many_it_has(curator_client):
    bare = make_case(title="还没有数据的案例", practices=["新做法甲"])
    response = curator_client.get(reverse("admin:cases_case_changelist"))
    shown = {case.pk: case.metric_count for case in response.context["cl"].result_list}
    assert shown[bare.pk] == 0
    assert (
        shown
        == {pk: Metric.objects.filter(case=pk).count() for pk in shown}
        != {pk: 0 for pk in shown}
    )
    response = curator_client.get(
        reverse("admin:cases_practice_changelist"), {"q": "新做法甲"}
    )
    [practice] = response.context["cl"].result_list
    assert practice.case_count == 1


def test_an_articles_cases_open_from_the_article_list(curator_client):
    article = SourceArticle.objects.order_by("pk").last()
    cases = reverse("admin:cases_case_changelist")
    assert article.title not in curator_client.get(cases).content.decode()
    articles = curator_client.get(reverse("admin:cases_sourcearticle_changelist"))
    link = re.search(rf'href="([^"]*\?source={article.pk})"', articles.content.decode())
    response = curator_client.get(link.group(1))
    shown = {case.pk for case in response.context["cl"].result_list}
    assert shown == set(article.cases.values_list("pk", flat=True)) != set()
    assert article.title in response.content.decode()  # the filter in use, to clear


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "１"])
def test_a_source_filter_naming_no_article_lists_no_case(curator_client, value):
    response = curator_client.get(
        reverse("admin:cases_case_changelist"), {"source": value}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_admin_searches_ignore_letter_case(curator_client):
    url = reverse("admin:cases_sourcearticle_changelist")
    every = SourceArticle.objects.count()
    assert curator_client.get(url, {"q": "TXT"}).context["cl"].result_count == every
    nanchang = curator_client.get(url, {"q": "南昌"}).context["cl"].result_count
    assert nanchang == SourceArticle.objects.filter(text__contains="南昌").count() > 0


def test_admin_region_filter_includes_everything_below(curator_client):
    from cases.models import Region

    henan = Region.objects.get(name="河南省")
    response = curator_client.get(
        reverse("admin:cases_case_changelist"), {"region": henan.pk}
    )
    expected = Case.objects.in_region(henan).count()
    assert response.context["cl"].result_count == expected > 5


def test_each_metric_shows_its_quote_highlighted_in_the_article(curator_client):
    metric = Metric.objects.get(quote__contains="131")
    response = curator_client.get(
        reverse("admin:cases_case_change", args=[metric.case_id])
    )
    marked = re.findall(r"<mark>(.*?)</mark>", response.content.decode(), re.S)
    assert strip_whitespace(metric.quote) in [strip_whitespace(m) for m in marked]


def test_publish_unpublish_and_draft_actions(curator_client):
    case = Case.objects.first()
    url = reverse("admin:cases_case_changelist")
    for action, status in [
        ("send_to_review", "review"),
        ("send_back_to_draft", "draft"),
        ("publish", "published"),
    ]:
        curator_client.post(url, {"action": action, "_selected_action": [case.pk]})
        case.refresh_from_db()
        assert case.status == status


def test_a_metric_with_an_invented_quote_is_refused_in_the_admin(curator_client):
    metric = Metric.objects.select_related("case").first()
    url = reverse("admin:cases_metric_change", args=[metric.pk])
    response = curator_client.post(
        url,
        {
            "case": metric.case_id,
            "source": metric.source_id,
            "subject": metric.subject,
            "kind": metric.kind,
            "value": "1",
            "unit": metric.unit,
            "qualifier": "",
            "period": "",
            "position": 0,
            "quote": "文章里没有这一句 1个",
        },
    )
    assert response.status_code == 200
    assert "原文引述在来源文章中找不到" in response.content.decode()
    metric.refresh_from_db()
    assert metric.quote != "文章里没有这一句 1个"


def test_deleting_a_region_that_cases_use_is_refused(curator_client):
    from cases.models import Region

    region = Case.objects.first().region
    url = reverse("admin:cases_region_delete", args=[region.pk])
    response = curator_client.post(url, {"post": "yes"})
    assert Region.objects.filter(pk=region.pk).exists()
    assert response.status_code == 200


def test_curators_find_the_article_import_from_the_case_list(curator_client):
    response = curator_client.get(reverse("admin:cases_case_changelist"))
    assert reverse("admin:cases_sourcearticle_import") in response.content.decode()


def change_form_data(response):
    """The POST data a browser would send back for an admin change form, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{inline_form.prefix}-{name}"] = value
    return data


def test_a_stale_edit_cannot_silently_overwrite_another_curators_save(curator_client):
    case = Case.objects.get(slug="jiayuguan-tongxin-jiayuan")
    url = reverse("admin:cases_case_change", args=[case.pk])
    first = change_form_data(curator_client.get(url))
    second = change_form_data(curator_client.get(url))
    metrics_before = case.metrics.count()
    second["title"] = "第二位编辑保存的标题"
    assert curator_client.post(url, second).status_code == 302
    first["title"] = "第一位编辑的过期修改"
    stale = curator_client.post(url, first)
    assert stale.status_code == 200
    assert "这个案例已被修改" in stale.content.decode()
    case.refresh_from_db()
    assert case.title == "第二位编辑保存的标题"
    assert case.metrics.count() == metrics_before
