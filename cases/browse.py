"""What the public pages show beyond a single queryset: roll-up counts, the region
tree, related cases, practice variants and citations."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from cases.models import (
    Community,
    Initiative,
    Metric,
    Practice,
    Region,
    SourceArticle,
)


def region_case_counts(initiatives) -> Counter:
    """Cases at or below each region: every case counts for all of its ancestors."""
    return initiatives.region_counts()


def community_case_counts(initiatives) -> Counter:
    return Counter(
        initiatives.order_by()
        .filter(communities__isnull=False)
        .values_list("communities", flat=True)
    )


@dataclass
class RegionNode:
    region: Region
    case_count: int
    children: list["RegionNode"] = field(default_factory=list)
    communities: list[tuple[Community, int]] = field(default_factory=list)


def region_tree(initiatives, under: Region | None = None) -> list[RegionNode]:
    """The regions that hold cases, nested, each with its roll-up count."""
    counts = region_case_counts(initiatives)
    regions = Region.objects.filter(pk__in=list(counts)).order_by("depth", "chain")
    if under is not None:
        regions = regions.filter(path__startswith=under.path).exclude(pk=under.pk)
    community_counts = community_case_counts(initiatives)
    communities: dict[int, list] = {}
    for community in Community.objects.filter(pk__in=list(community_counts)).order_by(
        "name"
    ):
        communities.setdefault(community.region_id, []).append(
            (community, community_counts[community.pk])
        )
    nodes: dict[int, RegionNode] = {}
    roots: list[RegionNode] = []
    for region in regions:
        node = RegionNode(
            region, counts[region.pk], communities=communities.get(region.pk, [])
        )
        nodes[region.pk] = node
        parent = nodes.get(region.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def knowledge_base_stats() -> dict[str, int]:
    published = Initiative.objects.published()
    return {
        "cases": published.count(),
        "places": Region.objects.filter(pk__in=published.values("region")).count()
        + Community.objects.filter(initiatives__in=published).distinct().count(),
        "practices": Practice.objects.filter(initiatives__in=published)
        .distinct()
        .count(),
        "metrics": Metric.objects.filter(initiative__in=published).count(),
        "sources": SourceArticle.objects.filter(initiatives__in=published)
        .distinct()
        .count(),
    }


def related_cases(initiative: Initiative, limit: int = 5):
    """Other published cases sharing practice names or themes, most shared first."""
    practices = initiative.practices.values("name")
    themes = initiative.themes.values("pk")
    return (
        Initiative.objects.published()
        .exclude(pk=initiative.pk)
        .annotate(
            shared_practices=Count(
                "practices", filter=Q(practices__name__in=practices), distinct=True
            ),
            shared_themes=Count("themes", filter=Q(themes__in=themes), distinct=True),
        )
        .filter(Q(shared_practices__gt=0) | Q(shared_themes__gt=0))
        .select_related("region")
        .order_by("-shared_practices", "-shared_themes", "-published_at")[:limit]
    )


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
        .filter(initiatives__status=Initiative.Status.PUBLISHED)
        .distinct()
        .order_by("name")
    )


def citation(initiative: Initiative, url: str) -> list[str]:
    """GB/T 7714 style references: each source article, then this page."""
    lines = []
    for article in initiative.sources.all():
        parts = [f"{article.author}. " if article.author else ""]
        kind = "N" if article.publication else "EB/OL"
        parts.append(f"{article.title}[{kind}]")
        if article.publication:
            parts.append(f". {article.publication}")
        if article.published_on:
            parts.append(f", {article.published_on:%Y-%m-%d}")
        lines.append("".join(parts) + ".")
    lines.append(f"治理案例库. {initiative.title}[EB/OL]. {url}.")
    return lines
