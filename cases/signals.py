"""What follows a write to content: cached pages and counts see a new content version;
a change to a case's figures or links moves the case's own version on, is recorded in
its history and keeps its year (CaseQuerySet.refresh_years) in step with its sources'
dates and its figures' years; and the search index re-reads every case whose text
the write changed."""

from contextvars import ContextVar

import reversion
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from cases import search
from cases.caching import bump_content_version
from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)

CONTENT = (Case, Metric, Region, Community, Practice, Theme, SourceArticle)
CASE_LINKS = (Case.practices, Case.communities, Case.themes, Case.sources)
NAMED = (Practice, Community, Theme, Region)

# Cases being deleted: their figures go first, and recording or re-indexing the case
# then would write an index entry or a version for a case about to be gone.
_deleting: ContextVar[frozenset] = ContextVar(
    "cases_being_deleted", default=frozenset()
)


def content_changed(sender, action="post_save", **kwargs):
    if action.startswith("post_"):  # m2m_changed also sends pre_add, pre_remove …
        bump_content_version()


def case_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata (a restore) rebuilds the index afterwards
        search.index([instance.pk])


def cases_changed(case_ids) -> None:
    """A change to these cases that their own save did not make: their versions
    move on, the history records them, figures and links as they now are, in the
    revision under way, and the search index re-reads them."""
    gone = _deleting.get()
    case_ids = [pk for pk in case_ids if pk is not None and pk not in gone]
    if not case_ids:
        return
    with transaction.atomic():
        changed = Case.objects.filter(pk__in=case_ids)
        changed.advance_version()
        changed.refresh_years()
        if reversion.is_active():
            for case in Case.objects.filter(pk__in=case_ids):
                reversion.add_to_revision(case)
        search.index(case_ids)


def article_saved(sender, instance, raw=False, **kwargs):
    """An article's date is its cases' year."""
    if not raw:
        Case.objects.filter(sources=instance).refresh_years()


def case_deleting(sender, instance, **kwargs):
    _deleting.set(_deleting.get() | {instance.pk})


def case_deleted(sender, instance, **kwargs):
    _deleting.set(_deleting.get() - {instance.pk})


def figure_saving(sender, instance, raw=False, **kwargs):
    """Note the case a figure belonged to, in case the save moves it."""
    if not raw and not instance._state.adding:
        instance._previous_case_id = (
            Metric.objects.filter(pk=instance.pk).values_list("case", flat=True).first()
        )


def figure_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        previous = getattr(instance, "_previous_case_id", None)
        cases_changed({instance.case_id, previous})


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:  # the cases are unknown once cleared
        instance._cleared_case_ids = list(instance.cases.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        cases_changed([instance.pk])
    else:
        cases_changed(pk_set or getattr(instance, "_cleared_case_ids", []))


def name_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed practice, community, theme or region renames it in its cases."""
    if raw or created:
        return
    if sender is Region:
        cases = Case.objects.filter(region__in=Region.objects.below(instance))
    else:
        cases = instance.cases.all()
    search.index(cases.values_list("pk", flat=True))


def linked_cases_noted(sender, instance, **kwargs):
    """A practice, community or theme about to be deleted: its cases, whose links
    go with it without an m2m signal, are noted to be re-indexed once it is gone."""
    instance._cases_to_reindex = list(instance.cases.values_list("pk", flat=True))


def linked_deleted(sender, instance, **kwargs):
    search.index(getattr(instance, "_cases_to_reindex", []))


def connect() -> None:
    for model in CONTENT:
        post_save.connect(content_changed, sender=model)
        post_delete.connect(content_changed, sender=model)
    post_save.connect(case_saved, sender=Case)
    pre_delete.connect(case_deleting, sender=Case)
    post_delete.connect(case_deleted, sender=Case)
    for relation in CASE_LINKS:
        m2m_changed.connect(content_changed, sender=relation.through)
        m2m_changed.connect(links_changed, sender=relation.through)
    post_save.connect(article_saved, sender=SourceArticle)
    pre_save.connect(figure_saving, sender=Metric)
    post_save.connect(figure_changed, sender=Metric)
    post_delete.connect(figure_changed, sender=Metric)
    for model in NAMED:
        post_save.connect(name_changed, sender=model)
    for model in (Practice, Community, Theme):
        pre_delete.connect(linked_cases_noted, sender=model)
        post_delete.connect(linked_deleted, sender=model)
