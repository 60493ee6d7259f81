"""What the library's models share: detail URLs reversed once, the region chain's
separator, a source's web address, what a published case uses, and the site's
content version."""

import secrets
from functools import cache

from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

PUBLISHED = "published"  # Case.Status.PUBLISHED, which models below it filter by


CHAIN_SEPARATOR = " › "
ID_MARKER = 987654321  # stands for the id in a URL reversed once


def detail_url(view_name: str, pk: int) -> str:
    """``reverse(view_name, args=[pk])`` from a format reversed once per script
    prefix, URLconf and language (/en/ on English pages): pages link dozens to
    hundreds of cases, articles and practices, and reversing each adds up
    (docs/profiles.md)."""
    return _detail_url_format(
        view_name, get_script_prefix(), get_urlconf(), translation.get_language()
    ).format(pk)


@cache
def _detail_url_format(view_name: str, prefix: str, urlconf, language: str) -> str:
    url = reverse(view_name, args=[ID_MARKER], urlconf=urlconf)
    return url.replace(str(ID_MARKER), "{}")


class SiteState(models.Model):
    """One row: the content version, a token that every content change replaces, so
    that cached pages and counts shared by all app servers know when to recompute
    (cases.caching). Random rather than counted: a change that was rolled back
    cannot lend its token to a later one, with the values cached meanwhile."""

    content_version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "站点状态"
        verbose_name_plural = "站点状态"

    def __str__(self):
        return f"content version {self.content_version}"

    @classmethod
    def content_changed(cls) -> None:
        new = secrets.randbits(62)
        if not cls.objects.filter(pk=1).update(content_version=new):
            cls.objects.update_or_create(pk=1, defaults={"content_version": new})


def web_address(origin: str) -> str:
    """A source's origin when it is a web address, else "" (it names a file)."""
    return origin if origin.startswith(("https://", "http://")) else ""


class PublishedLinkQuerySet(models.QuerySet):
    """For models reached from cases: only what a published case uses."""

    def published(self):
        return self.filter(cases__status=PUBLISHED).distinct()
