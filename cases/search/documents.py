"""What the product gives the search engine to index: a ``Source`` of documents and
of the names' aliases, registered once (``search.register``), so that this app
imports nothing of it."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db.models import QuerySet


@dataclass(frozen=True)
class Document:
    """One case's text as plain text (the backends tokenize it), and what its index
    entry keeps beside it."""

    names: str  # weighs most: title and practice names
    places: str  # region chain, communities, themes
    body: str  # summary, description, figures
    facets: str  # keys a search's facets are counted from
    status: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Alias:
    """Another way to write ``name``: its words (网格化管理 → wang ge hua guan li),
    which a query may spell (cases.search.aliases)."""

    words: tuple[str, ...]
    name: str
    kind: str  # shown to the reader: 拼音
    # Where each word ends in the name, when the words spell its characters one by
    # one (pinyin: 党建+网格 → 1 2 4 5): the first words then spell the name's start.
    ends: tuple[int, ...] = ()


class Source(Protocol):
    def documents(self, ids: list[int]) -> dict[int, Document]:
        """The documents of these cases (ids of no case are left out)."""

    def named_exactly(self, names: Collection[str]) -> QuerySet | None:
        """The ids (a values queryset) of the cases using a practice named exactly
        one of ``names``: ranked first. None when no practice is so named."""

    def dictionary(self) -> Iterable[str]:
        """Names to keep whole when a long query is split into words."""

    def aliases(self) -> Iterable[Alias]:
        """Other ways to write the names a query may mean (``search.pinyin_alias``
        gives a name's pinyin), read once per content version."""


_registered: list[Source] = []


def register(source: Source) -> None:
    """Tell the engine where documents come from (the product's AppConfig.ready)."""
    _registered[:] = [source]


def source() -> Source:
    if not _registered:
        raise LookupError("No search source registered (search.register).")
    return _registered[0]
