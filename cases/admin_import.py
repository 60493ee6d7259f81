"""The admin page "导入文章": paste an article, get draft cases to review."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_protect

from cases.importers import (
    MAX_TEXT_CHARS,
    ImportRejected,
    known_regions_from_db,
    parse_article,
    save_proposal,
)
from cases.models import SourceArticle


class ImportArticleForm(forms.Form):
    title = forms.CharField(
        label="标题", max_length=300, error_messages={"required": "请填写标题。"}
    )
    origin = forms.CharField(
        label="来源",
        max_length=500,
        help_text="原始文件名或网址，每篇文章只能导入一次。",
        error_messages={"required": "请填写来源（文件名或网址）。"},
    )
    text = forms.CharField(
        label="全文",
        strip=False,
        error_messages={"required": "文章内容为空。"},
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100}),
        help_text="按原文粘贴，不做改动。",
    )

    def clean_origin(self):
        origin = self.cleaned_data["origin"].strip()
        if SourceArticle.objects.filter(origin=origin).exists():
            raise forms.ValidationError("该来源已导入过，请勿重复导入。")
        return origin

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("文章内容为空。")
        if len(text) > MAX_TEXT_CHARS:
            raise forms.ValidationError(
                f"文章过长（{len(text)} 字），最多 {MAX_TEXT_CHARS} 字，请分篇导入。"
            )
        return text


@csrf_protect
@staff_member_required
def import_article(request):
    errors = []
    try:
        form = ImportArticleForm(request.POST or None)
    except RequestDataTooBig:  # over DATA_UPLOAD_MAX_MEMORY_SIZE: no form data at all
        form = ImportArticleForm()
        errors.append("提交的内容过大，请分篇导入（每篇不超过 20 万字）。")
    if request.method == "POST" and form.is_bound and form.is_valid():
        data = form.cleaned_data
        proposal = parse_article(data["text"], known_regions_from_db())
        try:
            created = save_proposal(proposal, data["origin"], data["title"])
        except ImportRejected as error:
            errors.append(str(error))
        else:
            message = f"已导入文章，生成 {len(created)} 个案例草稿，请审核后再发布。"
            messages.success(request, message)
            changelist = reverse("admin:cases_case_changelist")
            return redirect(f"{changelist}?status__exact=draft")
    context = {
        **admin.site.each_context(request),
        "title": "导入文章",
        "form": form,
        "errors": [*errors, *form.non_field_errors()],
        "opts": SourceArticle._meta,
    }
    return render(request, "admin/cases/import_article.html", context)


def import_urls():
    """URL patterns to put before ``admin.site.urls``."""
    return [
        path(
            "admin/cases/import-article/", import_article, name="cases-import-article"
        ),
    ]
