"""What the public pages show beyond a single queryset: roll-up counts, the region
tree, practice variants and what to try when a list is empty (similar cases are in
cases.similar, citations in cases.citations)."""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from cases import search
from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    Theme,
)
from cases.search.tokenizer import normalise


def community_case_counts(cases) -> Counter:
    return Counter(
        cases.order_by()
        .filter(communities__isnull=False)
        .values_list("communities", flat=True)
    )


@dataclass
class RegionNode:
    region: Region
    case_count: int
    children: list["RegionNode"] = field(default_factory=list)


def region_tree(cases, under: Region | None = None, levels: int = 2):
    """The regions holding cases, ``levels`` deep below ``under`` (or from the
    provinces), nested, each with its roll-up count."""
    counts = cases.region_counts()
    top = 0 if under is None else under.depth + 1
    regions = Region.objects.filter(
        pk__in=list(counts), depth__gte=top, depth__lt=top + levels
    ).in_national_order()
    if under is not None:
        regions = regions.filter(pk__in=Region.objects.below(under))
    nodes: dict[int, RegionNode] = {}
    roots: list[RegionNode] = []
    for region in sorted(regions, key=lambda region: region.depth):
        node = RegionNode(region, counts[region.pk])
        nodes[region.pk] = node
        parent = nodes.get(region.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def communities_with_counts(cases, region: Region) -> list[tuple]:
    """The communities of ``region`` itself, each with its number of cases."""
    counts = community_case_counts(cases.filter(region=region))
    communities = Community.objects.filter(pk__in=list(counts)).order_by("name")
    return [(community, counts[community.pk]) for community in communities]


def knowledge_base_stats() -> dict[str, int]:
    """Counts for the home page; distinct ids from the link tables, never DISTINCT
    over whole rows (an article row holds its full text)."""
    published = Case.objects.published().values("pk")

    def linked(relation) -> int:
        field = Case._meta.get_field(relation)
        through = field.remote_field.through
        column = field.m2m_reverse_name()  # community_id, practice_id, sourcearticle_id
        return (
            through.objects.filter(case__in=published).values(column).distinct().count()
        )

    return {
        "cases": published.count(),
        "places": Region.objects.filter(
            pk__in=Case.objects.published().values("region")
        ).count()
        + linked("communities"),
        "practices": linked("practices"),
        "metrics": Metric.objects.published().count(),
        "sources": linked("sources"),
    }


def practice_variants(practice: Practice):
    """Practices whose names contain this one or lie inside it (网格+ ↔ 党建+网格)."""
    core = practice.name.strip("+ ")
    if len(core) < 2:
        return Practice.objects.none()
    inside = [
        name
        for name in Practice.objects.values_list("name", flat=True)
        if len(name) >= 2 and name != practice.name and name in practice.name
    ]
    return (
        Practice.objects.filter(Q(name__contains=core) | Q(name__in=inside))
        .exclude(pk=practice.pk)
        .filter(cases__status=Case.Status.PUBLISHED)
        .distinct()
        .order_by("name")
    )


# What an empty list offers instead. Names are compared by the pairs of characters
# they share (电梯加装 and 加装电梯议事会 share 电梯 and 加装): Chinese names have no
# spaces to split on, and a shared pair is what a reader sees as "close".
WORD_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")
MAX_PAIRS = 12  # of the query, looked for in practice names
MAX_NAMES_READ = 500  # practice names sharing one, ranked in Python
MAX_WORDS_TRIED = 6  # words of the query checked for matches, a query each


@dataclass
class Suggestions:
    """What to try instead of a search or filter that found nothing; all of it
    from published cases only."""

    words: list[str]  # words of the query that find cases, with the same filters
    practices: list[Practice]  # published practices named like the query
    themes: list[Theme]  # named or described like the query, else all (if searched)
    themes_close: bool  # whether ``themes`` are close to the query or just all
    figure: Metric | None  # the published figure nearest the figure filter's bound


def suggestions(filterset) -> Suggestions:
    """What to offer beside an empty list filtered by ``filterset``."""
    text = filterset.query
    practices = close_practices(text)
    themes = close_themes(text)
    words = finding_words(filterset.unsearched, filterset.interpretation)
    themes_close = bool(themes)
    if text and not themes and not practices and not words:
        themes = list(_published_themes())
    data = filterset.form.cleaned_data
    return Suggestions(
        words=words,
        practices=practices,
        themes=themes,
        themes_close=themes_close,
        figure=nearest_figure(
            data.get("metric") or "",
            data.get("metric_kind") or "",
            data.get("metric_min"),
            data.get("metric_max"),
        ),
    )


def character_pairs(text: str) -> set[str]:
    """The overlapping pairs of characters of each run of letters, digits or CJK
    characters in ``text`` (a lone character stands for itself)."""
    runs = WORD_RUN_RE.findall(normalise(text))
    return {run[i : i + 2] for run in runs for i in range(max(len(run) - 1, 1))}


def _closeness(pairs: set[str], name_pairs: set[str]) -> tuple[int, float]:
    shared = len(pairs & name_pairs)
    return shared, shared / max(len(name_pairs), 1)


def close_practices(text: str, limit: int = 6) -> list[Practice]:
    """Published practices whose names share the most character pairs with
    ``text``: a draft's practice is never named."""
    pairs = sorted(character_pairs(text))[:MAX_PAIRS]
    if not pairs:
        return []
    used = Case.practices.through.objects.filter(
        practice=OuterRef("pk"), case__status=Case.Status.PUBLISHED
    )
    named = Practice.objects.filter(reduce(or_, [Q(name__contains=p) for p in pairs]))
    candidates = list(named.filter(Exists(used)).order_by("name")[:MAX_NAMES_READ])
    ranked = sorted(
        candidates,
        key=lambda p: _closeness(set(pairs), character_pairs(p.name)),
        reverse=True,
    )
    return ranked[:limit]


def close_themes(text: str, limit: int = 4) -> list[Theme]:
    """Themes of published cases named or described with character pairs of
    ``text``, the closest first."""
    pairs = character_pairs(text)
    if not pairs:
        return []
    scored = []
    for theme in _published_themes():
        by_name = _closeness(pairs, character_pairs(theme.name))
        described = len(pairs & character_pairs(theme.description))
        if by_name[0] or described:
            scored.append(((by_name, described), theme))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [theme for _, theme in scored[:limit]]


def _published_themes():
    used = Case.themes.through.objects.filter(
        theme=OuterRef("pk"), case__status=Case.Status.PUBLISHED
    )
    return Theme.objects.filter(Exists(used))


def finding_words(cases, interpretation, limit: int = 4) -> list[str]:
    """Words of a query that found nothing which, alone, find some of ``cases``:
    each of several terms, and jieba's words of each term."""
    if interpretation is None or not interpretation.terms:
        return []
    terms = list(interpretation.terms)
    candidates = terms if len(terms) > 1 else []
    for term in terms:
        candidates += [word for word in search.split_query(term) if word != term]
    tried = list(dict.fromkeys(candidates))[:MAX_WORDS_TRIED]
    return [word for word in tried if search.matching(cases, word).exists()][:limit]


def nearest_figure(subject: str, kind: str, minimum, maximum) -> Metric | None:
    """The published figure closest to a figure filter's bound: the highest when a
    minimum was asked for, else the lowest when a maximum was."""
    if minimum is None and maximum is None:
        return None
    figures = Metric.objects.published().meeting(subject, kind)
    ordering = "-value" if minimum is not None else "value"
    return figures.with_case_and_source().order_by(ordering, "pk").first()
