"""Keep the search index in step with every write that changes a case's text."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from cases import search
from cases.models import Case, Community, Metric, Practice, Region, Theme


def _reindex(ids) -> None:
    ids = list(ids)
    if ids:
        search.index(ids)


def case_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata: load_cases rebuilds the index
        _reindex([instance.pk])


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _reindex([instance.pk])
    elif pk_set:
        _reindex(pk_set)
    else:
        _reindex(instance.cases.values_list("pk", flat=True))


def metric_changed(sender, instance, raw=False, **kwargs):
    if not raw and Case.objects.filter(pk=instance.case_id).exists():
        _reindex([instance.case_id])


def name_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed practice, community, theme or region renames it in its cases."""
    if raw or created:
        return
    if sender is Region:
        cases = Case.objects.filter(region__in=Region.objects.below(instance))
    else:
        cases = instance.cases.all()
    _reindex(cases.values_list("pk", flat=True))


def linked_cases_noted(sender, instance, **kwargs):
    """A practice, community or theme about to be deleted: its cases, whose links
    go with it without an m2m signal, are noted to be re-indexed once it is gone."""
    instance._cases_to_reindex = list(instance.cases.values_list("pk", flat=True))


def linked_deleted(sender, instance, **kwargs):
    _reindex(getattr(instance, "_cases_to_reindex", []))


def connect() -> None:
    post_save.connect(case_saved, sender=Case)
    for relation in (Case.practices, Case.communities, Case.themes):
        m2m_changed.connect(relations_changed, sender=relation.through)
    post_save.connect(metric_changed, sender=Metric)
    post_delete.connect(metric_changed, sender=Metric)
    for model in (Practice, Community, Theme, Region):
        post_save.connect(name_changed, sender=model)
    for model in (Practice, Community, Theme):
        pre_delete.connect(linked_cases_noted, sender=model)
        post_delete.connect(linked_deleted, sender=model)
