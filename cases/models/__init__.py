"""The GovCases domain, one module per concern, each importing only those above it
in this list: base (URLs, the content version), places (regions, communities),
library (source articles, themes, practices), figures (Metric) and cases (Case)."""

from cases.models.base import (
    CHAIN_SEPARATOR,
    ID_MARKER,
    PUBLISHED,
    PublishedLinkQuerySet,
    SiteState,
    detail_url,
    web_address,
)
from cases.models.cases import Case, CaseQuerySet
from cases.models.figures import (
    SUBJECT_LIST_LIMIT,
    Metric,
    MetricQuerySet,
    subjects_containing,
    subjects_keyed,
)
from cases.models.library import Practice, SourceArticle, Theme
from cases.models.places import Community, Region, RegionQuerySet

__all__ = [
    "CHAIN_SEPARATOR",
    "ID_MARKER",
    "PUBLISHED",
    "SUBJECT_LIST_LIMIT",
    "Case",
    "CaseQuerySet",
    "Community",
    "Metric",
    "MetricQuerySet",
    "Practice",
    "PublishedLinkQuerySet",
    "Region",
    "RegionQuerySet",
    "SiteState",
    "SourceArticle",
    "Theme",
    "detail_url",
    "subjects_containing",
    "subjects_keyed",
    "web_address",
]
