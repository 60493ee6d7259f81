"""Bump the content version on every change to what public pages count."""

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
