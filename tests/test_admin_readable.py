"""The admin in Chinese, with plain numbers and a compact case form."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse

from cases.admin import MetricInline
from cases.models import Case, Metric, SourceArticle

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
TRAILING_ZEROS = re.compile(r"\d\.\d*0\b")  # 89.0000, 85.7000
# django-axes' lockout models are named by the ops work, not here.
OTHERS = ("axes",)


@pytest.fixture
def curator():
    return User.objects.create_superuser("curator", "c@example.org", "s3cret-pass")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def registered():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label not in OTHERS
    ]


def test_every_admin_model_and_field_is_named_in_chinese(curator):
    request = RequestFactory().get("/admin/")
    request.user = curator
    for model, model_admin in registered():
        opts = model._meta
        assert CJK.search(str(opts.verbose_name)), opts.label
        assert CJK.search(str(opts.verbose_name_plural)), opts.label
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            if not field.widget.is_hidden:
                assert CJK.search(str(field.label)), f"{opts.label}.{name}"
        for name in model_admin.get_list_display(request):
            label = label_for_field(name, model, model_admin)
            assert CJK.search(str(label)), f"{opts.label} list {name}"
        for inline in model_admin.get_inline_instances(request):
            for name in inline.get_formset(request).form.base_fields:
                field = inline.get_formset(request).form.base_fields[name]
                assert CJK.search(str(field.label)), f"{inline.model} {name}"


class VisibleText(HTMLParser):
    """The text a curator reads: text nodes and options, not scripts or icons."""

    HIDDEN = {"script", "style", "svg"}

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self._hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


DJANGO_ENGLISH = re.compile(
    r"\b(Add|Change|Delete|Save|History|Model name|Filter|Search|Show all|Remove|"
    r"Choose|Today|Now|Error|Can (add|change|delete|view)|After you|Forgotten)\b"
)


def admin_pages():
    for model in [Group, User, *(model for model, _ in registered())]:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        first = model.objects.first()
        if first is not None:
            for view in ("change", "history", "delete"):
                name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
                yield reverse(name, args=[first.pk])
    yield reverse("admin:index")
    yield reverse("admin:password_change")


def test_every_admin_page_reads_in_chinese(curator_client):
    for url in admin_pages():
        parser = VisibleText()
        parser.feed(curator_client.get(url).content.decode())
        english = [
            text
            for text in parser.texts
            # django-axes' lockout models are named by the ops work, not here.
            if DJANGO_ENGLISH.search(text)
            and "axes" not in text.lower()
            and "access" not in text.lower()
        ]
        assert english == [], url


def test_admin_numbers_have_no_trailing_zeros(curator_client):
    case = Case.objects.get(slug="jiaozuo-jiefangqu-wangchu-wangge-jia")
    metric = Metric.objects.get(subject="“随褚办”诉求办结率")
    article = SourceArticle.objects.get(origin__startswith="002")
    for url in [
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_metric_change", args=[metric.pk]),
        reverse("admin:cases_metric_changelist"),
        reverse("admin:cases_sourcearticle_change", args=[article.pk]),
    ]:
        page = curator_client.get(url).content.decode()
        assert not TRAILING_ZEROS.search(page.split('id="content"', 1)[1]), url
    form = curator_client.get(
        reverse("admin:cases_metric_change", args=[metric.pk])
    ).content.decode()
    assert 'name="value" value="90"' in form


def test_a_plain_number_is_saved_as_typed(curator_client):
    metric = Metric.objects.get(subject="街道“大工委”议事协商办结率")
    url = reverse("admin:cases_metric_change", args=[metric.pk])
    form = curator_client.get(url).content.decode()
    assert 'name="value" value="85.7"' in form


def test_figures_are_a_compact_table_in_the_case_form(curator_client):
    assert issubclass(MetricInline, admin.TabularInline)
    case = Case.objects.get(slug="jiaozuo-jiefangqu-wangchu-wangge-jia")
    page = curator_client.get(
        reverse("admin:cases_case_change", args=[case.pk])
    ).content.decode()
    assert 'data-inline-type="tabular"' in page
    assert 'data-inline-type="stacked"' not in page
    # The long texts are folded away until asked for.
    description = page.split('name="description"', 1)[0].rsplit("<fieldset", 1)[1]
    assert "collapse" in description
