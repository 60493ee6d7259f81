"""What the public pages show beyond a single queryset: roll-up counts, the region
tree, related cases and practice variants."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
)


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


# A practice more cases than this use (网格+ in a national library) says little
# about which cases are alike, and counting its cases is what costs.
DISTINCTIVE_PRACTICE_CASES = 500


def related_cases(case: Case, limit: int = 5) -> list[Case]:
    """Other published cases sharing the most distinctive practices, then sharing a
    theme."""
    distinctive = list(
        Practice.objects.filter(pk__in=case.practices.values("pk"))
        .annotate(uses=Count("cases"))
        .filter(uses__lte=DISTINCTIVE_PRACTICE_CASES)
        .values_list("pk", flat=True)
    )
    # At most DISTINCTIVE_PRACTICE_CASES links per practice: counted from the
    # practices' side, then the best candidates' status looked up by id.
    shared = dict(
        Case.practices.through.objects.filter(practice__in=distinctive)
        .exclude(case=case)
        .values_list("case")
        .annotate(n=Count("practice"))
        .order_by()
    )
    # Best first. Most cases are published, so that is asked of the first few
    # candidates, and of the rest only if too few of those are.
    ranked = sorted(shared, key=lambda pk: (-shared[pk], -pk))
    ids: list[int] = []
    for batch in (ranked[: limit * 4], ranked[limit * 4 :]):
        if len(ids) >= limit or not batch:
            break
        published = set(
            Case.objects.published().filter(pk__in=batch).values_list("pk", flat=True)
        )
        ids += [pk for pk in batch if pk in published][: limit - len(ids)]
    if len(ids) < limit:
        same_theme = (
            Case.objects.published()
            .filter(themes__in=case.themes.all())
            .exclude(pk__in=[case.pk, *ids])
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)
            .distinct()[: limit - len(ids)]
        )
        ids += list(same_theme)
    cases = Case.objects.select_related("region").in_bulk(ids)
    return [cases[pk] for pk in ids]


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
