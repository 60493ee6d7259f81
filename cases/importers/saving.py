"""Write a proposal as draft cases, in one transaction."""

import reversion

from cases.importers.proposal import (
    MAX_TEXT_CHARS,
    KnownRegion,
    Proposal,
    ProposedPlace,
    RegionNode,
)
from cases.models import Case, Community, Metric, Practice, Region, SourceArticle


class ImportRejected(Exception):
    """An article that cannot be imported; the message is shown to the curator."""


def known_regions_from_db() -> list[KnownRegion]:
    regions = list(Region.objects.only("pk", "name", "level", "inferred", "path"))
    by_pk = {region.pk: region for region in regions}
    known = []
    for region in regions:
        ids = [int(part) for part in region.path.strip("/").split("/")]
        chain = tuple(
            RegionNode(by_pk[pk].name, by_pk[pk].level, by_pk[pk].inferred)
            for pk in ids
            if pk in by_pk
        )
        known.append(KnownRegion(chain))
    return known


def save_proposal(proposal: Proposal, origin: str, title: str = ""):
    """Create the source article and one draft case per place; all or nothing."""
    origin = origin.strip()
    if not proposal.text.strip():
        raise ImportRejected("文章内容为空。")
    if len(proposal.text) > MAX_TEXT_CHARS:
        raise ImportRejected(f"文章过长，最多 {MAX_TEXT_CHARS} 字，请分篇导入。")
    if not origin:
        raise ImportRejected("请填写来源（文件名或网址）。")
    if SourceArticle.objects.filter(origin=origin).exists():
        raise ImportRejected(f"来源“{origin}”已导入过，请勿重复导入。")
    if not proposal.places:
        raise ImportRejected("未能在文章中识别出任何地点，无法生成案例草稿。")
    created = []
    with reversion.create_revision():  # one transaction; the request's revision
        reversion.set_comment(f"导入文章“{title.strip() or origin}”，生成案例草稿")
        article = SourceArticle.objects.create(
            origin=origin, title=(title.strip() or origin)[:300], text=proposal.text
        )
        for number, place in enumerate(proposal.places, start=1):
            region, _ = Region.objects.from_chain(
                [
                    {"name": n.name, "level": n.level, "inferred": n.inferred}
                    for n in place.chain
                ]
            )
            case = Case.objects.create(
                slug=_free_slug(f"import-{article.pk}-{number}"),
                title=f"{place.name}：{_headline(place)}"[:200],
                summary=place.summary or place.chain_text,
                region=region,
                status=Case.Status.DRAFT,
            )
            case.sources.add(article)
            case.communities.set(
                [
                    Community.objects.get_or_create(
                        region=region, name=name[:60], defaults={"kind": kind}
                    )[0]
                    for name, kind in place.communities
                ]
            )
            case.practices.set(
                [
                    Practice.objects.get_or_create(name=name)[0]
                    for name in place.practices
                    if len(name) <= 80
                ]
            )
            for position, proposed in enumerate(place.metrics):
                metric = Metric(
                    case=case,
                    source=article,
                    position=position,
                    subject=proposed.subject,
                    kind=proposed.kind,
                    value=proposed.value,
                    value_max=proposed.value_max,
                    unit=proposed.unit,
                    qualifier=proposed.qualifier,
                    period=proposed.period,
                    quote=proposed.quote,
                )
                metric.full_clean()
                metric.save()
            created.append(case)
    return created


def _headline(place: ProposedPlace) -> str:
    if place.practices:
        names = "、".join(f"“{name}”" for name in place.practices[:2])
        return f"{names}等做法（待审核）"
    return "导入草稿（待审核）"


def _free_slug(base: str) -> str:
    slug, n = base, 1
    while Case.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
