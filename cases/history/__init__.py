"""Revision history of cases and what they are made of, kept by django-reversion.

Every request that writes (RevisionMiddleware), every import and every revert
records one revision: who, when, a comment, and each object it changed as it then
was. A case is registered to bring its figures into each of its revisions, and a
change to a figure or to a case's links brings the case in (cases.signals), so the
versions of a case are its whole history, figures included: what each one changed
is read by comparing it with the one before, and reverting to one restores the case,
its links and its figures together.
"""

from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Revision, Version

from cases.history.changes import (
    Change,
    FigureChange,
    current_state,
    edited_fields,
    field_changes,
    figure_changes,
    figure_label,
    recorded_name,
)
from cases.models import Case, Metric

__all__ = [
    "BASELINE",
    "Change",
    "Entry",
    "FigureChange",
    "RevertRefused",
    "changes_since",
    "conflict_message",
    "current_state",
    "entries",
    "field_changes",
    "figure_changes",
    "record_baseline",
    "recorded_figures",
    "revert",
    "versions_of",
]

# The comment of a revision that records an object as it was before the first
# change to it was recorded: content loaded before the history existed (the seed
# cases) then has a state to compare its first change with, and to go back to.
BASELINE = "首次记录：修改之前的内容"
SHORT_VALUE = 40  # a new value this short is quoted when a change is named


@dataclass
class Entry:
    """One version of an object and what it changed from the version before."""

    version: Version
    changes: list[Change]
    figures: list[FigureChange]
    created: bool = False

    @property
    def revision(self) -> Revision:
        return self.version.revision

    @property
    def baseline(self) -> bool:
        return self.revision.comment == BASELINE

    @property
    def who(self) -> str:
        user = self.revision.user
        return user.get_username() if user else "（未记录）"

    @property
    def when(self) -> str:
        return date_format(
            timezone.localtime(self.revision.date_created), "Y年n月j日 H:i"
        )

    @property
    def what(self) -> list[str]:
        """What changed, in a few words each: 标题（改为“…”）, 数据“收集居民诉求
        131个”（修改）."""
        return [
            f"{change.label}（改为“{change.new}”）"
            if len(change.new) <= SHORT_VALUE and not change.pieces
            else change.label
            for change in self.changes
        ] + [f"数据“{figure.figure}”（{figure.action}）" for figure in self.figures]


class RevertRefused(Exception):
    """A version that cannot be restored; the message says why, in Chinese."""


def versions_of(obj):
    """The recorded versions of ``obj``, newest first."""
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision__user")
        .order_by("-pk")
    )


def entries(
    obj, versions: list[Version], older: Version | None, unchanged: bool = False
) -> list[Entry]:
    """What each of ``versions`` of ``obj`` (newest first) changed from the version
    before it; ``older`` is the one before the last (None: the last is the first).
    Unless ``unchanged``, versions that changed nothing shown (most of a figure's:
    it is recorded with every change of its case) are left out."""
    previous_of = [*versions[1:], older][: len(versions)]
    figures = _figures_by_revision(obj, [*versions, *([older] if older else [])])
    shown = []
    for version, previous in zip(versions, previous_of, strict=True):
        entry = Entry(
            version,
            changes=field_changes(
                type(obj), previous.field_dict if previous else None, version.field_dict
            ),
            figures=figure_changes(
                figures.get(previous.revision_id, {}) if previous else None,
                figures.get(version.revision_id, {}),
            ),
            created=previous is None and version.revision.comment != BASELINE,
        )
        if unchanged or entry.changes or entry.figures or previous is None:
            shown.append(entry)
    return shown


def changes_since(case: Case, loaded_version: int | None) -> list[Entry]:
    """The recorded changes to ``case`` and its figures made after it was at
    ``loaded_version``, oldest first."""
    newer, older = [], None
    for version in versions_of(case)[:50]:
        if version.field_dict.get("version", 0) <= (loaded_version or 0):
            older = version
            break
        newer.append(version)
    made = entries(case, newer, older, unchanged=True)
    return [entry for entry in reversed(made) if not entry.baseline]


def conflict_message(case: Case, loaded_version: int | None) -> str:
    """Why a save begun at ``loaded_version`` is refused, naming who changed what."""
    made = []
    for entry in changes_since(case, loaded_version):
        what = "修改了" + "、".join(entry.what) if entry.what else "保存了（内容未变）"
        made.append(f"{entry.who} 于 {entry.when} {what}")
    return (
        "保存失败：您打开此页面之后，这个案例已被修改："
        + ("；".join(made) or "修改未记入修改历史")
        + "。为避免覆盖别人的修改，本次更改没有保存，您填写的内容仍保留在下方。"
        "请在新窗口打开这个案例的最新版本（改动详见其修改历史），核对后把您的修改"
        "填入并保存。"
    )


def recorded_figures(case: Case, version: Version) -> dict[int, dict]:
    """The figures of ``case`` as ``version`` recorded them."""
    return _figures_by_revision(case, [version]).get(version.revision_id, {})


def record_baseline(model, pks) -> None:
    """Record the ``model`` objects ``pks`` as they are now, those that have no
    recorded version yet, before their first recorded change (see BASELINE); a
    case with its figures. Call it before changing them."""
    content_type = ContentType.objects.get_for_model(model)
    recorded = set(
        Version.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in pks]
        ).values_list("object_id", flat=True)
    )
    for obj in model._default_manager.filter(pk__in=pks):
        if str(obj.pk) in recorded:
            continue
        revision = Revision.objects.create(
            date_created=timezone.now(), comment=BASELINE
        )
        kept = [obj, *obj.metrics.all()] if isinstance(obj, Case) else [obj]
        Version.objects.bulk_create(_version(item, revision) for item in kept)


def revert(obj, version: Version) -> list[str]:
    """Restore ``obj`` as ``version`` recorded it, through its ordinary saves, so
    that search, its version and the history follow; a case with its links and its
    figures. Returns what could not be restored; raises RevertRefused when the
    object itself cannot be, and then nothing is changed."""
    skipped: list[str] = []
    with reversion.create_revision():  # within the request's, when there is one
        fields = version.field_dict
        _restore(obj, fields, skipped)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise RevertRefused("无法恢复这个版本：" + _reasons(error)) from error
        obj.save()
        for f in type(obj)._meta.many_to_many:
            if f.name in fields:
                _restore_links(obj, f, fields[f.name], skipped)
        if isinstance(obj, Case):
            _restore_figures(obj, recorded_figures(obj, version), skipped)
        when = timezone.localtime(version.revision.date_created)
        reversion.set_comment(f"恢复到 {date_format(when, 'Y年n月j日 H:i')} 的版本")
    return skipped


def _restore(obj, fields: dict, skipped: list[str]) -> None:
    for f in edited_fields(type(obj)):
        if f.many_to_many or recorded_name(f) not in fields:
            continue
        value = fields[recorded_name(f)]
        if (
            f.many_to_one
            and value is not None
            and not f.related_model._default_manager.filter(pk=value).exists()
        ):
            skipped.append(f"{f.verbose_name}（编号 {value}）已被删除，保留现在的")
            continue
        setattr(obj, f.attname, value)


def _restore_links(obj, f, ids: list, skipped: list[str]) -> None:
    existing = set(
        f.related_model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    )
    for missing in sorted(set(ids) - existing):
        skipped.append(f"{f.verbose_name}（编号 {missing}）已被删除")
    getattr(obj, f.name).set(existing)


def _restore_figures(case: Case, recorded: dict[int, dict], skipped: list[str]):
    case.metrics.exclude(pk__in=list(recorded)).delete()
    elsewhere = dict(
        Metric.objects.filter(pk__in=list(recorded))
        .exclude(case=case)
        .values_list("pk", "case__title")
    )
    current = {figure.pk: figure for figure in case.metrics.all()}
    for pk, fields in sorted(recorded.items()):
        label = figure_label(fields)
        if pk in elsewhere:
            skipped.append(f"数据“{label}”已移到案例“{elsewhere[pk]}”")
            continue
        figure = current.get(pk) or Metric(pk=pk)
        _restore(figure, fields, skipped)
        figure.case = case
        try:
            figure.full_clean()
        except ValidationError as error:
            skipped.append(f"数据“{label}”：{_reasons(error)}")
            continue
        figure.save()


def _figures_by_revision(obj, versions: list[Version]) -> dict[int, dict]:
    """{revision id: {figure id: fields}} of ``obj`` (a case) in these versions'
    revisions."""
    if not isinstance(obj, Case):
        return {}
    found: dict[int, dict] = {}
    figure_versions = Version.objects.filter(
        revision__in=[v.revision_id for v in versions],
        content_type=ContentType.objects.get_for_model(Metric),
    )
    for figure in figure_versions:
        fields = figure.field_dict
        if fields["case_id"] == obj.pk:
            found.setdefault(figure.revision_id, {})[int(figure.object_id)] = fields
    return found


def _version(obj, revision: Revision) -> Version:
    opts = obj._meta
    fields = [f.name for f in [*opts.local_fields, *opts.local_many_to_many]]
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        db=DEFAULT_DB_ALIAS,
        format="json",
        serialized_data=serializers.serialize("json", [obj], fields=fields),
        object_repr=str(obj),
    )


def _reasons(error: ValidationError) -> str:
    return "；".join(" ".join(messages) for messages in error.message_dict.values())
