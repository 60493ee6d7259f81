"""Turn a pasted article into draft cases for a curator to review.

``parse_article(text)`` reads the text only (no database): the places it names, the
practice names it quotes and the figures it reports, each figure with the shortest
clause around it. ``save_proposal()`` writes one draft case per place, in one
transaction. Nothing here ever publishes: a curator reviews every draft.
"""

import re
from collections.abc import Iterable
from dataclasses import replace

from cases.importers.assembly import attach_to_places
from cases.importers.byline import Byline, read_byline
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
from cases.importers.saving import ImportRejected, known_regions_from_db, save_proposal

__all__ = [
    "MAX_TEXT_CHARS",
    "Byline",
    "ImportRejected",
    "KnownRegion",
    "Proposal",
    "ProposedMetric",
    "ProposedPlace",
    "RegionNode",
    "known_regions_from_db",
    "parse_article",
    "save_proposal",
]


def parse_article(text: str, known_regions: Iterable[KnownRegion] = ()) -> Proposal:
    """Everything an article proposes; ``known_regions`` come from the database."""
    article = ArticleText(text)
    byline = read_byline(text)
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
    return Proposal(
        text=text,
        places=places,
        practices=list(dict.fromkeys(practices)),
        metrics=metrics,
        byline=byline,
    )
