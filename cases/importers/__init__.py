"""Turn a pasted article into draft cases for a curator to review.

``parse_article(text)`` reads the text only (no database): the places it names, the
practice names it quotes and the figures it reports, each figure with the shortest
clause around it. ``save_proposal()`` writes one draft case per place, in one
transaction. Nothing here ever publishes: a curator reviews every draft.
"""

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from cases.importers.assembly import attach_to_places
from cases.importers.byline import Byline, read_byline
from cases.importers.drafting import draft_summary, draft_title
from cases.importers.figures import find_metrics
from cases.importers.names import find_quoted_names
from cases.importers.places import find_places
from cases.importers.proposal import (
    MAX_TEXT_CHARS,
    ArticleText,
    KnownRegion,
    Proposal,
    ProposedMetric,
    ProposedPlace,
    RegionNode,
)
from cases.importers.saving import (
    ArticleMeta,
    ImportRejected,
    imported_origin,
    known_regions_from_db,
    meta_from_byline,
    save_proposal,
    suggest_themes,
)

__all__ = [
    "MAX_TEXT_CHARS",
    "ArticleMeta",
    "Byline",
    "ImportRejected",
    "KnownRegion",
    "Proposal",
    "ProposedMetric",
    "ProposedPlace",
    "RegionNode",
    "imported_origin",
    "known_regions_from_db",
    "meta_from_byline",
    "parse_article",
    "save_proposal",
    "suggest_themes",
]


def parse_article(
    text: str,
    known_regions: Iterable[KnownRegion] = (),
    title: str = "",
    published_on: date | None = None,
) -> Proposal:
    """Everything an article proposes; ``known_regions`` come from the database;
    ``title`` and ``published_on`` are what is known of the article apart from its
    text (a fetched page's metadata); the byline fills in the rest."""
    article = ArticleText(text)
    byline = read_byline(text)
    if published_on and not byline.published_on:
        byline = replace(byline, published_on=published_on)
    quoted = [
        # The name as published: 红链领航 医路前行 keeps its space; a pair joined
        # by a slash (“民情哨兵”/“服务专员”) loses its inner quote marks.
        replace(
            q, name=re.sub("[“”‘’「」]", "", article.original(q.start + 1, q.end - 1))
        )
        for q in find_quoted_names(article.flat)
    ]
    practices = [q.name for q in quoted if q.is_practice]
    mentions = find_places(
        article.flat, list(known_regions), quoted, article.paragraph_starts()
    )
    metrics = find_metrics(article, quoted, byline.published_on)
    places = attach_to_places(article, mentions, quoted, metrics)
    for place in places:
        place.title = draft_title(place, article, title or byline.title)
        place.summary = draft_summary(place, article)
    return Proposal(
        text=text,
        places=places,
        practices=list(dict.fromkeys(practices)),
        metrics=metrics,
        byline=byline,
    )
