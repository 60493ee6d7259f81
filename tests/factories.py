"""Plain factory functions with realistic defaults; pass overrides as keywords."""

from itertools import count

from cases.models import Case, Community, Metric, Practice, Region, SourceArticle

_serial = count(1)

ARTICLE_TEXT = (
    "某某街道推行“网格+”工作法，\n目前已收集居民诉求 131个，"
    "议事协商办结率达85.7%，今年以来服务群众1.5万余人次。"
)


def make_region(
    chain=("测试省", "测试市", "测试区"), levels=("province", "city", "county")
):
    parent = None
    for name, level in zip(chain, levels, strict=False):
        parent = Region.objects.get_or_create(
            parent=parent, name=name, defaults={"level": level}
        )[0]
    return parent


def make_article(**overrides):
    n = next(_serial)
    overrides.setdefault("title", f"测试文章{n}")
    overrides.setdefault("origin", f"test-{n}.txt")
    overrides.setdefault("text", ARTICLE_TEXT)
    return SourceArticle.objects.create(**overrides)


def make_case(practices=(), communities=(), **overrides):
    n = next(_serial)
    overrides.setdefault("slug", f"test-case-{n}")
    overrides.setdefault("title", f"测试案例{n}")
    overrides.setdefault("summary", "测试用的案例摘要。")
    overrides.setdefault("status", Case.Status.PUBLISHED)
    if "region" not in overrides:
        overrides["region"] = make_region()
    case = Case.objects.create(**overrides)
    for name in practices:
        case.practices.add(Practice.objects.get_or_create(name=name)[0])
    for name in communities:
        case.communities.add(
            Community.objects.get_or_create(region=case.region, name=name)[0]
        )
    return case


def make_metric(case, source=None, **overrides):
    source = source or make_article()
    case.sources.add(source)
    overrides.setdefault("subject", "收集居民诉求")
    overrides.setdefault("kind", Metric.Kind.COUNT)
    overrides.setdefault("value", 131)
    overrides.setdefault("unit", "个")
    overrides.setdefault("quote", "目前已收集居民诉求 131个")
    return Metric.objects.create(case=case, source=source, **overrides)
