"""Bump the content version on every change to what public pages count, and a
case's own version on every change to its figures or links."""

import reversion
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_save,
)

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

CASE_LINKS = (Case.practices, Case.communities, Case.themes, Case.sources)


def content_changed(sender, action="post_save", **kwargs):
    if action.startswith("post_"):  # m2m_changed also sends pre_add, pre_remove …
        bump_content_version()


def cases_changed(case_ids) -> None:
    """A change to these cases that their own save did not make: their versions
    move on, and the history records them, figures and links as they now are, in
    the revision under way."""
    case_ids = [pk for pk in case_ids if pk is not None]
    if not case_ids:
        return
    with transaction.atomic():
        Case.objects.filter(pk__in=case_ids).advance_version()
        if reversion.is_active():
            for case in Case.objects.filter(pk__in=case_ids):
                reversion.add_to_revision(case)


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


def connect() -> None:
    for model in (
        Case,
        Metric,
        Region,
        Community,
        Practice,
        Theme,
        SourceArticle,
    ):
        post_save.connect(content_changed, sender=model)
        post_delete.connect(content_changed, sender=model)
    for relation in CASE_LINKS:
        m2m_changed.connect(content_changed, sender=relation.through)
        m2m_changed.connect(links_changed, sender=relation.through)
    pre_save.connect(figure_saving, sender=Metric)
    post_save.connect(figure_changed, sender=Metric)
    post_delete.connect(figure_changed, sender=Metric)
