"""Load the curated fixtures in ``fixtures/`` into the database, idempotently.

Layout: ``fixtures/themes.json`` (the theme taxonomy) and, per source article,
``fixtures/articles/<origin>.txt`` (its text as published) beside
``fixtures/articles/<stem>.json`` (the article's metadata and its cases).
Loading twice leaves the same rows: every row is matched by a natural key and
saved only when a value differs.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message says which and why."""


@dataclass
class LoadReport:
    articles: int = 0
    cases: int = 0
    metrics: int = 0
    changed: list[str] = field(default_factory=list)


def load_fixture_dir(directory: Path) -> LoadReport:
    report = LoadReport()
    with transaction.atomic():
        themes_file = directory / "themes.json"
        if themes_file.exists():
            load_themes(json.loads(themes_file.read_text(encoding="utf-8")), report)
        for path in sorted((directory / "articles").glob("*.json")):
            load_article_file(path, report)
        coded = Region.objects.fill_codes()
        report.changed += [f"region code {region.chain}" for region in coded]
        dated = Case.objects.all().refresh_years()
        report.changed += [f"case year {case.pk}" for case in dated]
    return report


def load_themes(rows: list[dict], report: LoadReport) -> None:
    for position, row in enumerate(rows):
        _upsert(
            Theme,
            {"name": row["name"]},
            {
                "slug": row["slug"],
                "description": row.get("description", ""),
                "position": position,
            },
            report,
        )


def load_article_file(path: Path, report: LoadReport) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    meta = data["article"]
    text_path = path.with_name(meta["origin"])
    if not text_path.exists():
        raise FixtureError(f"{path.name}: article text {meta['origin']} is missing")
    article = _upsert(
        SourceArticle,
        {"origin": meta["origin"]},
        {
            "title": meta["title"],
            "publication": meta.get("publication", ""),
            "author": meta.get("author", ""),
            "published_on": meta.get("published_on"),
            "medium": meta.get("medium", ""),
            "text": text_path.read_text(encoding="utf-8"),
        },
        report,
    )
    report.articles += 1
    for entry in data["cases"]:
        try:
            load_case(entry, article, report)
        except (KeyError, ValidationError, Theme.DoesNotExist) as error:
            raise FixtureError(
                f"{path.name}: {entry.get('slug', entry.get('key'))}: "
                f"{_describe(error)}"
            ) from error


def load_case(entry: dict, article: SourceArticle, report: LoadReport) -> None:
    region, written = Region.objects.from_chain(entry["region"])
    report.changed += [f"region {region.chain}" for region in written]
    case = _upsert(
        Case,
        {"slug": entry["key"]},
        {
            "title": entry["title"],
            "summary": entry["summary"],
            "description": entry["description"],
            "region": region,
            "status": Case.Status.PUBLISHED,
        },
        report,
    )
    report.cases += 1
    communities = [
        _upsert(
            Community,
            {"region": region, "name": row["name"]},
            {"kind": row["kind"]},
            report,
        )
        for row in entry["communities"]
    ]
    practices = [
        Practice.objects.get_or_create(name=name)[0] for name in entry["practices"]
    ]
    themes = [Theme.objects.get(name=name) for name in entry["themes"]]
    case.communities.set(communities)
    case.practices.set(practices)
    case.themes.set(themes)
    case.sources.add(article)
    load_metrics(case, article, entry["metrics"], report)


def load_metrics(case, article, rows: list[dict], report: LoadReport) -> None:
    kept = []
    for position, row in enumerate(rows):
        metric = Metric.objects.filter(
            case=case, source=article, position=position
        ).first() or Metric(case=case, source=article, position=position)
        values = {
            "subject": row["subject"],
            "kind": row["kind"],
            "value": Decimal(row["value"]),
            "value_max": Decimal(row["value_max"]) if row["value_max"] else None,
            "unit": row["unit"],
            "qualifier": row["qualifier"],
            "period": row["period"],
            "year_from": row.get("year_from"),
            "year_to": row.get("year_to"),
            "quote": row["quote"],
        }
        if metric.pk is None or any(
            getattr(metric, name) != value for name, value in values.items()
        ):
            for name, value in values.items():
                setattr(metric, name, value)
            metric.full_clean()
            metric.save()
            report.changed.append(f"metric {case.slug}#{position}")
        kept.append(metric.pk)
        report.metrics += 1
    Metric.objects.filter(case=case, source=article).exclude(pk__in=kept).delete()


def _upsert(model, lookup: dict, values: dict, report: LoadReport):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif all(_same(getattr(obj, name), value) for name, value in values.items()):
        return obj
    else:
        for name, value in values.items():
            setattr(obj, name, value)
    obj.full_clean(validate_unique=False)
    obj.save()
    report.changed.append(f"{model._meta.model_name} {obj}")
    return obj


def _same(current, new) -> bool:
    if hasattr(current, "isoformat") and isinstance(new, str):
        return current.isoformat() == new
    return current == new


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, KeyError):
        return f"missing field {error}"
    return str(error)
