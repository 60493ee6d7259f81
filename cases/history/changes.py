"""What a recorded version changed, field by field, as a curator reads it: the
fields' Chinese names, choices by their labels, links by the names of what they
link to, long texts as the sentences that changed."""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case, Community, Metric, SourceArticle

SHORT_TEXT = 80  # longer texts are shown as the sentences that changed
SENTENCE_END = re.compile(r"(?<=[。！？；\n])")
EMPTY = "（空）"


@dataclass
class Change:
    """One field's change; ``old`` is None when the object was created. A long text
    comes as ``pieces`` instead: (kind, text), kind "del", "ins" or "gap"."""

    label: str
    old: str | None
    new: str
    pieces: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class FigureChange:
    action: str  # 新增, 删除 or 修改
    figure: str  # subject and value: 收集居民诉求 131个
    quote: str
    changes: list[Change] = field(default_factory=list)


def field_changes(model, old: dict | None, new: dict) -> list[Change]:
    """What changed between two recorded states of a ``model`` object (``old`` None:
    it was created), field by field with the fields' Chinese names."""
    shown = [f for f in edited_fields(model) if recorded_name(f) in new]
    names = _related_names(shown, [old or {}, new])
    changes = []
    for f in shown:
        after = _display(f, new[recorded_name(f)], names)
        if old is None:
            if after != EMPTY:
                changes.append(Change(str(f.verbose_name), None, _shortened(after)))
            continue
        before = _display(f, old.get(recorded_name(f)), names)
        if before == after:
            continue
        change = Change(str(f.verbose_name), before, after)
        if (
            isinstance(f, models.TextField)
            and max(len(before), len(after)) > SHORT_TEXT
        ):
            change.pieces = _text_pieces(before, after)
        changes.append(change)
    return changes


def figure_changes(old: dict | None, new: dict) -> list[FigureChange]:
    """The figures added, removed and changed between two revisions of a case:
    ``old`` and ``new`` map each figure's id to its recorded fields."""
    if old is None:
        return []
    changes = []
    for pk in sorted(old.keys() - new.keys()):
        changes.append(FigureChange("删除", figure_label(old[pk]), old[pk]["quote"]))
    for pk in sorted(new.keys() - old.keys()):
        changes.append(FigureChange("新增", figure_label(new[pk]), new[pk]["quote"]))
    for pk in sorted(old.keys() & new.keys()):
        if fields := field_changes(Metric, old[pk], new[pk]):
            changes.append(
                FigureChange("修改", figure_label(new[pk]), new[pk]["quote"], fields)
            )
    return changes


def current_state(obj) -> tuple[dict, dict]:
    """``obj``'s fields and (a case's) figures as they are now, in the form its
    versions record them, to compare a version with."""
    state = {recorded_name(f): _value(f, obj) for f in edited_fields(type(obj))}
    figures = {}
    if isinstance(obj, Case):
        for figure in obj.metrics.all():
            figures[figure.pk] = {
                recorded_name(f): _value(f, figure) for f in edited_fields(Metric)
            }
    return state, figures


def edited_fields(model) -> list:
    """The fields a curator edits: not the id, timestamps, version or the search
    engine's columns."""
    return [
        f for f in model._meta.concrete_fields if f.editable and not f.primary_key
    ] + [f for f in model._meta.many_to_many if model is not Metric]


def recorded_name(f) -> str:
    """The key a version's ``field_dict`` holds ``f``'s value under."""
    return f.name if f.many_to_many else f.attname


def _value(f, obj):
    if f.many_to_many:
        return [related.pk for related in f.value_from_object(obj)]
    return f.value_from_object(obj)


def _related_names(fields, states: list[dict]) -> dict:
    """{(model, id): name} of every object these states link to, a query per model."""
    wanted: dict = {}
    for f in fields:
        if not f.is_relation:
            continue
        for state in states:
            value = state.get(recorded_name(f))
            ids = value if f.many_to_many else [value]
            wanted.setdefault(f.related_model, set()).update(
                pk for pk in ids or () if pk is not None
            )
    names = {}
    for model, ids in wanted.items():
        rows = model._default_manager.filter(pk__in=ids)
        if model is SourceArticle:
            rows = rows.defer("text")
        elif model is Community:
            rows = rows.select_related("region")
        names.update({(model, row.pk): str(row) for row in rows})
    return names


def _display(f, value, names: dict) -> str:
    if f.many_to_many:
        shown = [_name(f.related_model, pk, names) for pk in sorted(value or [])]
        return "、".join(shown) or EMPTY
    if value is None or value == "":
        return EMPTY
    if f.is_relation:
        return _name(f.related_model, value, names)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "Y年n月j日 H:i")
    if hasattr(value, "isoformat"):
        return date_format(value, "Y年n月j日")
    return str(value)


def _name(model, pk, names: dict) -> str:
    return names.get((model, pk), f"（已删除，编号 {pk}）")


def figure_label(fields: dict) -> str:
    """A recorded figure as a curator names it: 收集居民诉求 131个."""
    concrete = {f.attname for f in Metric._meta.concrete_fields}
    figure = Metric(**{k: v for k, v in fields.items() if k in concrete})
    return f"{figure.subject} {figure.display_value}"


def _shortened(text: str) -> str:
    return text if len(text) <= SHORT_TEXT else text[:SHORT_TEXT] + "…"


def _text_pieces(old: str, new: str) -> list[tuple[str, str]]:
    """The sentences of a long text that changed, removed then added, with a gap
    for each run of unchanged ones."""
    before, after = SENTENCE_END.split(old), SENTENCE_END.split(new)
    pieces = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("gap", "…"))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(after[j1:j2])))
    return pieces
