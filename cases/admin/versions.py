"""The admin's revision history (a page per object listing each recorded change,
field by field, with a revert to any of them) and its check that an edit does not
overwrite a change made since it began."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from cases import history
from cases.models import Case, Metric


def check_version(case_id: int, loaded_version: int | None) -> None:
    """Refuse (ValidationError) an edit of the case ``case_id`` begun when it was at
    ``loaded_version`` if it has changed since. The case's row stays locked from
    here until the request's transaction ends, so the check and the save that
    follows are one step: a second save begun from the same version waits for
    this one, then finds the version moved on (on SQLite the IMMEDIATE
    transaction holds the database's write lock instead)."""
    current = (
        Case.objects.select_for_update()
        .filter(pk=case_id)
        .values_list("version", flat=True)
        .first()
    )
    if current is not None and current != loaded_version:
        case = Case.objects.get(pk=case_id)
        raise ValidationError(history.conflict_message(case, loaded_version))


class VersionCheckedForm(forms.Form):
    """A form that edits a case or one of its figures: it carries the version of
    the case it was opened at and refuses to save if the case or any of its
    figures changed since (``check_version``); the input stays in the form."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case_id = self.checked_case_id()
        if case_id is not None:
            versions = Case.objects.filter(pk=case_id).values_list("version", flat=True)
            self.fields["loaded_version"].initial = versions.first()

    def checked_case_id(self) -> int | None:
        """The case this form changes, if it exists already."""
        return None

    def clean(self):
        data = super().clean()
        case_id = self.checked_case_id()
        if case_id is not None:
            check_version(case_id, data.get("loaded_version"))
        return data


class RevertForm(VersionCheckedForm):
    def __init__(self, *args, case_id=None, **kwargs):
        self.case_id = case_id
        super().__init__(*args, **kwargs)

    def checked_case_id(self):
        return self.case_id


class HistoryAdmin(admin.ModelAdmin):
    """The admin of a model whose changes are recorded (cases.history): its
    history page lists them with what each changed, and reverts to any of them."""

    object_history_template = "admin/cases/object_history.html"
    revert_template = "admin/cases/revert.html"
    history_per_page = 20

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_revert"
        revert = self.admin_site.admin_view(self.revert_view)
        return [
            path("<path:object_id>/history/<int:version_id>/", revert, name=name),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = history.versions_of(obj)
        paginator = self.get_paginator(request, versions, self.history_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        older = versions[page.end_index() : page.end_index() + 1]
        context = {
            **self.admin_site.each_context(request),
            "title": f"修改历史：{obj}",
            "subtitle": None,
            "entries": history.entries(obj, list(page), next(iter(older), None)),
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "object": obj,
            "opts": self.opts,
            "can_revert": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revert_view(self, request, object_id, version_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(history.versions_of(obj), pk=version_id)
        entry = history.Entry(version, changes=[], figures=[])
        data = request.POST if request.method == "POST" else None
        form = RevertForm(data, case_id=self.case_of(obj))
        if request.method == "POST" and form.is_valid():
            self.record_baseline([obj])
            try:
                skipped = history.revert(obj, version)
            except history.RevertRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                self.message_user(request, f"已恢复到 {entry.when} 的版本。")
                if skipped:
                    self.message_user(
                        request,
                        "以下内容未能恢复：" + "；".join(skipped),
                        messages.WARNING,
                    )
                return redirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[obj.pk],
                        current_app=self.admin_site.name,
                    )
                )
        current, current_figures = history.current_state(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": f"恢复：{obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "entry": entry,
            "form": form,
            "changes": history.field_changes(type(obj), current, version.field_dict),
            "figures": history.figure_changes(
                current_figures, history.recorded_figures(obj, version)
            )
            if isinstance(obj, Case)
            else [],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revert_template, context)

    def case_of(self, obj) -> int | None:
        """The case whose version guards a revert of ``obj``."""
        return None

    def record_baseline(self, objs) -> None:
        """Record ``objs`` as they are, if nothing is recorded of them yet, before
        they change (history.BASELINE)."""
        history.record_baseline(self.model, [obj.pk for obj in objs if obj.pk])

    def save_model(self, request, obj, form, change):
        self.record_baseline([obj])
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self.record_baseline([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.record_baseline(list(queryset))
        super().delete_queryset(request, queryset)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._set_comment(entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._set_comment(entry)
        return entry

    @staticmethod
    def _set_comment(entry) -> None:
        """The admin's own words for the change ("修改 标题 和 摘要。")."""
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())


class FigureHistoryAdmin(HistoryAdmin):
    """A figure's changes are its case's: they are recorded with it."""

    def case_of(self, figure):
        return figure.case_id

    def record_baseline(self, figures) -> None:
        stored = Metric.objects.filter(pk__in=[f.pk for f in figures if f.pk])
        cases = {*stored.values_list("case", flat=True), *(f.case_id for f in figures)}
        history.record_baseline(Case, [pk for pk in cases if pk])


class CaseHistoryAdmin(HistoryAdmin):
    def case_of(self, case):
        return case.pk
