"""What follows a write to content: cached pages and counts see a new content version,
and the search index re-reads every case whose text the write changed."""

from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

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
LINKS = (Case.practices, Case.communities, Case.themes, Case.sources)
INDEXED_LINKS = (Case.practices, Case.communities, Case.themes)
NAMED = (Practice, Community, Theme, Region)

# Cases being deleted: their figures go first, and re-indexing the case then would
# write an index entry for a case about to be gone.
_deleting: ContextVar[frozenset] = ContextVar(
    "cases_being_deleted", default=frozenset()
)


def content_changed(sender, action="post_save", **kwargs):
    if action.startswith("post_"):  # m2m_changed also sends pre_add, pre_remove …
        bump_content_version()


def case_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata (a restore) rebuilds the index afterwards
        search.index([instance.pk])


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search.index([instance.pk])
    elif pk_set:
        search.index(pk_set)
    else:
        search.index(instance.cases.values_list("pk", flat=True))


def case_deleting(sender, instance, **kwargs):
    _deleting.set(_deleting.get() | {instance.pk})


def case_deleted(sender, instance, **kwargs):
    _deleting.set(_deleting.get() - {instance.pk})


def figure_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.case_id in _deleting.get():
        return
    if Case.objects.filter(pk=instance.case_id).exists():
        search.index([instance.case_id])


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
    for relation in LINKS:
        m2m_changed.connect(content_changed, sender=relation.through)
    post_save.connect(case_saved, sender=Case)
    pre_delete.connect(case_deleting, sender=Case)
    post_delete.connect(case_deleted, sender=Case)
    for relation in INDEXED_LINKS:
        m2m_changed.connect(links_changed, sender=relation.through)
    post_save.connect(figure_changed, sender=Metric)
    post_delete.connect(figure_changed, sender=Metric)
    for model in NAMED:
        post_save.connect(name_changed, sender=model)
    for model in (Practice, Community, Theme):
        pre_delete.connect(linked_cases_noted, sender=model)
        post_delete.connect(linked_deleted, sender=model)
