"""Write a proposal as draft cases, in one transaction."""

from dataclasses import dataclass
from datetime import date

import reversion

from cases.importers.origins import clean_origin, origin_key, search_fragment
from cases.importers.proposal import (
    MAX_TEXT_CHARS,
    KnownRegion,
    Proposal,
    RegionNode,
)
from cases.importers.themes import propose_themes
from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)


class ImportRejected(Exception):
    """An article that cannot be imported; the message is shown to the curator."""


@dataclass(frozen=True)
class ArticleMeta:
    """The source article as the curator confirmed it."""

    origin: str
    title: str = ""
    publication: str = ""
    author: str = ""
    published_on: date | None = None


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


def imported_origin(origin: str) -> str | None:
    """The stored origin that names the same article as ``origin``, if any
    (cases.importers.origins says when two origins are the same)."""
    key = origin_key(origin)
    candidates = SourceArticle.objects.filter(
        origin__icontains=search_fragment(origin)
    ).values_list("origin", flat=True)
    return next((found for found in candidates if origin_key(found) == key), None)


def suggest_themes(proposal: Proposal) -> None:
    """Propose themes from the curated taxonomy for every draft (reads the
    database and loads jieba)."""
    themes = propose_themes(proposal.text)
    for place in proposal.places:
        place.themes = list(themes)


def meta_from_byline(proposal: Proposal, origin: str, title: str = "") -> ArticleMeta:
    byline = proposal.byline
    return ArticleMeta(
        origin=origin,
        title=title or byline.title,
        publication=byline.publication,
        author=byline.author,
        published_on=byline.published_on,
    )


def save_proposal(proposal: Proposal, origin: str | ArticleMeta, title: str = ""):
    """Create the source article and one draft case per place; all or nothing.
    ``origin`` is the article's origin, or everything the curator confirmed about
    it; what is not given comes from the byline."""
    meta = (
        origin
        if isinstance(origin, ArticleMeta)
        else meta_from_byline(proposal, origin, title)
    )
    origin = clean_origin(meta.origin)
    if not proposal.text.strip():
        raise ImportRejected("文章内容为空。")
    if len(proposal.text) > MAX_TEXT_CHARS:
        raise ImportRejected(f"文章过长，最多 {MAX_TEXT_CHARS} 字，请分篇导入。")
    if not origin:
        raise ImportRejected("请填写来源（文件名或网址）。")
    if found := imported_origin(origin):
        raise ImportRejected(f"来源“{found}”已导入过，请勿重复导入。")
    if not proposal.places:
        raise ImportRejected("未能在文章中识别出任何地点，无法生成案例草稿。")
    for place in proposal.places:
        if not place.is_complete:
            raise ImportRejected(
                f"“{place.chain_text}”缺少上级地区，请从省级开始补全地区层级。"
            )
    created = []
    with reversion.create_revision():  # one transaction; the request's revision
        reversion.set_comment(f"导入文章“{meta.title.strip() or origin}”，生成案例草稿")
        article = SourceArticle.objects.create(
            origin=origin,
            title=(meta.title.strip() or origin)[:300],
            publication=meta.publication[:120],
            author=meta.author[:200],
            published_on=meta.published_on,
            text=proposal.text,
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
                title=(place.title or place.chain_text)[:200],
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
            case.themes.set(Theme.objects.filter(name__in=place.themes))
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


def _free_slug(base: str) -> str:
    slug, n = base, 1
    while Case.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
