"""Attach practices and figures to the place they belong to."""

from cases.importers.names import QuotedName
from cases.importers.places import Mention
from cases.importers.proposal import (
    ArticleText,
    ProposedMetric,
    ProposedPlace,
    RegionNode,
)


def attach_to_places(
    article: ArticleText,
    mentions: list[Mention],
    quoted: list[QuotedName],
    metrics: list[ProposedMetric],
) -> list[ProposedPlace]:
    """Give each practice, figure and community to the place named last before it."""
    places: dict[tuple[RegionNode, ...], ProposedPlace] = {}
    timeline: list[tuple[int, ProposedPlace]] = []
    active: ProposedPlace | None = None
    for mention in mentions:
        if mention.role == "community":
            if mention.chain and mention.chain in places:
                target = places[mention.chain]
            else:
                target = active
            if target is not None:
                entry = (article.flat[mention.start : mention.end], mention.kind)
                if entry not in target.communities:
                    target.communities.append(entry)
            continue
        if mention.role != "place":
            continue
        if active is not None and _is_prefix(mention.chain, active.chain):
            continue  # 自贡市 while talking about 学苑街道: same place
        place = places.get(mention.chain)
        if place is None:
            place = ProposedPlace(chain=mention.chain, start=mention.start)
            places[mention.chain] = place
        active = place
        timeline.append((mention.start, place))
    if not timeline:
        return []

    def owner(position: int) -> ProposedPlace:
        current = timeline[0][1]
        for start, place in timeline:
            if start > position:
                break
            current = place
        return current

    for name in quoted:
        if name.is_practice:
            place = owner(name.start)
            if name.name not in place.practices:
                place.practices.append(name.name)
    for metric in metrics:
        owner(metric.start).metrics.append(metric)
    # A place only named on the way to a deeper one (江阴市 › 江阴高新区) folds in.
    kept = [p for p in places.values() if not p.is_empty]
    return sorted(kept, key=lambda p: p.start)


def _is_prefix(short: tuple, long: tuple) -> bool:
    return len(short) <= len(long) and long[: len(short)] == short
