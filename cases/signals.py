"""Bump the content version on every change to what public pages count, and keep
each case's year (CaseQuerySet.refresh_years) in step with its sources' dates and
its figures' years."""

from django.db.models.signals import m2m_changed, post_delete, post_save

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


def content_changed(sender, action="post_save", **kwargs):
    if action.startswith("post_"):  # m2m_changed also sends pre_add, pre_remove …
        bump_content_version()


def figure_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        Case.objects.filter(pk=instance.case_id).refresh_years()


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        Case.objects.filter(sources=instance).refresh_years()


def sources_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        Case.objects.filter(pk=instance.pk).refresh_years()
    elif pk_set:
        Case.objects.filter(pk__in=pk_set).refresh_years()


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
    for relation in (
        Case.practices,
        Case.communities,
        Case.themes,
        Case.sources,
    ):
        m2m_changed.connect(content_changed, sender=relation.through)
    post_save.connect(figure_saved, sender=Metric)
    post_delete.connect(figure_saved, sender=Metric)
    post_save.connect(article_saved, sender=SourceArticle)
    m2m_changed.connect(sources_changed, sender=Case.sources.through)
