"""The curated seed content in ``fixtures/``.

Layout: ``fixtures/themes.json`` (the theme taxonomy) and, per source article,
``fixtures/articles/<origin>.txt`` (its text as published) beside
``fixtures/articles/<stem>.json`` (the article's metadata and its cases).

Fixtures seed an empty library and never overwrite curation. ``seed`` loads them
only into a library without any content: once it holds a row, curators (or an
import, or a restore) own it, and a seed row they deleted cannot be told from one
never loaded. ``load`` makes every row the fixtures describe hold the fixtures'
values and returns what that changed, one line each; rolled back unless asked to
write, the same walk is the plan of ``load_cases --update``, exactly as ``--yes``
would write it.
"""

import json
import os
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction

from cases.models import (
    CHAIN_SEPARATOR,
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)

CONTENT_MODELS = (Theme, Region, Community, Practice, SourceArticle, Case, Metric)
FIGURE_FIELDS = (
    "subject",
    "kind",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "period",
    "quote",
)
# A changed text longer than this is shown as its changed part, with a few
# characters either side.
LONG_TEXT, CONTEXT = 60, 8


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message says which and why."""


@dataclass
class Changes:
    lines: list[str] = field(default_factory=list)
    articles: int = 0
    cases: int = 0
    figures: int = 0


def library_is_empty() -> bool:
    return not any(model.objects.exists() for model in CONTENT_MODELS)


def seed(directory: Path) -> Changes | None:
    """Load the fixtures into an empty library; None, writing nothing, otherwise."""
    with transaction.atomic():
        return load(directory, write=True) if library_is_empty() else None


def load(directory: Path, *, write: bool) -> Changes:
    """Make every row the fixtures describe hold their values, in one transaction
    that is rolled back unless ``write``; the changes, the same either way."""
    with transaction.atomic():
        changes = Loader().load_directory(Path(directory))
        transaction.set_rollback(not write)
    return changes


class Loader:
    def __init__(self):
        self.changes = Changes()

    def load_directory(self, directory: Path) -> Changes:
        articles = sorted((directory / "articles").glob("*.json"))
        if not articles:
            raise FixtureError(f"{directory}: no articles/*.json to load")
        self.load_themes(directory / "themes.json")
        for path in articles:
            self.load_article(path)
        # What the library derives from what was loaded: official codes of the
        # regions that have none, and each case's year.
        for region in Region.objects.fill_codes():
            self.note(f"region {region.chain}: code: '' → '{region.code}'")
        for case in Case.objects.all().refresh_years():
            self.note(f"case #{case.pk}: year → {case.year}")
        return self.changes

    def load_themes(self, path: Path) -> None:
        with _named(path.name):
            for position, row in enumerate(_read(path)):
                values = {
                    "name": row["name"],
                    "name_en": row.get("name_en", ""),
                    "description": row.get("description", ""),
                    "position": position,
                }
                self.sync(Theme, {"slug": row["slug"]}, values)

    def load_article(self, path: Path) -> None:
        with _named(path.name):
            data = _read(path)
            meta = data["article"]
            text = path.with_name(meta["origin"])
            if not text.exists():
                raise FixtureError(f"{path.name}: article text {text.name} is missing")
            values = {
                "title": meta["title"],
                "publication": meta.get("publication", ""),
                "author": meta.get("author", ""),
                "published_on": meta.get("published_on"),
                "medium": meta.get("medium", ""),
                "text": text.read_text(encoding="utf-8"),
            }
            article = self.sync(SourceArticle, {"origin": meta["origin"]}, values)
            entries = data["cases"]
        self.changes.articles += 1
        for entry in entries:
            key = entry.get("key") if isinstance(entry, dict) else None
            with _named(f"{path.name}: {key}"):
                self.load_case(entry, article)

    def load_case(self, entry: dict, article: SourceArticle) -> None:
        region = self.region(entry["region"])
        values = {
            "title": entry["title"],
            "summary": entry["summary"],
            "description": entry["description"],
            "region": region,
            "status": Case.Status.PUBLISHED,
        }
        case = self.sync(Case, {"slug": entry["key"]}, values)
        self.changes.cases += 1
        communities = [
            self.sync(
                Community,
                {"region": region, "name": row["name"]},
                {"kind": row["kind"]},
            )
            for row in entry["communities"]
        ]
        practices = [self.sync(Practice, {"name": name}) for name in entry["practices"]]
        themes = {theme.name: theme for theme in Theme.objects.all()}
        for name in entry["themes"]:
            if name not in themes:
                raise ValueError(f"theme {name} is not in themes.json")
        self.link(case, "communities", communities)
        self.link(case, "practices", practices)
        self.link(case, "themes", [themes[name] for name in entry["themes"]])
        self.link(case, "sources", [*case.sources.all(), article])
        self.load_figures(case, article, entry["metrics"])

    def load_figures(self, case: Case, article: SourceArticle, rows: list[dict]):
        """The case's figures from this article, in the order of ``rows``; any other
        figure of the case from the article goes. A row is the figure stating its
        value in its quote wherever that figure stands, else the figure at its
        position: taking a figure out of the list (or moving it) changes that figure
        alone, not every figure after it."""
        existing = list(case.metrics.filter(source=article).order_by("position"))
        stating = defaultdict(list)
        for figure in existing:
            stating[figure.quote, figure.value].append(figure)
        wanted = []
        for position, row in enumerate(rows):
            values = {name: row[name] for name in FIGURE_FIELDS}
            values |= {name: row.get(name) for name in ("year_from", "year_to")}
            values["position"] = position
            values = {name: _python(Metric, name, v) for name, v in values.items()}
            same = stating.get((values["quote"], values["value"]))
            wanted.append((values, same.pop(0) if same else None))
        claimed = {figure.pk for _, figure in wanted if figure}
        at_position = {f.position: f for f in existing if f.pk not in claimed}
        kept = []
        for values, figure in wanted:
            figure = figure or at_position.pop(values["position"], None)
            if figure:
                figure = self.sync(Metric, {"pk": figure.pk}, values)
            else:
                figure = self.create(
                    Metric, {"case": case, "source": article, **values}
                )
            kept.append(figure.pk)
            self.changes.figures += 1
        for figure in case.metrics.filter(source=article).exclude(pk__in=kept):
            self.note(f"delete {_label(figure)}: {figure}")
            figure.delete()

    def region(self, chain: list[dict]) -> Region:
        names = [node["name"] for node in chain]
        chains = [CHAIN_SEPARATOR.join(names[: i + 1]) for i in range(len(names))]
        known = set(
            Region.objects.filter(chain__in=chains).values_list("chain", flat=True)
        )
        region, written = Region.objects.from_chain(chain)
        for node in written:
            if node.chain in known:
                self.note(f"region {node.chain}: inferred: True → False")
            else:
                self.note(f"create region {node.chain}")
        return region

    def sync(self, model, lookup: dict, values: dict | None = None):
        """The row ``lookup`` finds, or a new one, holding ``values``; saved (after
        ``full_clean``) only when that changes it."""
        values = {
            name: _python(model, name, value) for name, value in (values or {}).items()
        }
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            return self.create(model, {**lookup, **values})
        changed = {
            name: (getattr(obj, name), value)
            for name, value in values.items()
            if getattr(obj, name) != value
        }
        if changed:
            for name, (before, after) in changed.items():
                setattr(obj, name, after)
                old, new = _shown(model, name, before, after)
                self.note(f"{_label(obj)}: {name}: {old} → {new}")
            _save(obj)
        return obj

    def create(self, model, values: dict):
        obj = model(**values)
        _save(obj)
        shown = f": {obj}" if isinstance(obj, (Case, Metric)) else ""
        self.note(f"create {_label(obj)}{shown}")
        return obj

    def link(self, case: Case, relation: str, wanted: list) -> None:
        manager = getattr(case, relation)
        current = set(manager.all())
        if current != set(wanted):
            removed = sorted(f"−{obj}" for obj in current - set(wanted))
            added = sorted(f"+{obj}" for obj in set(wanted) - current)
            self.note(f"{_label(case)}: {relation}: {' '.join(removed + added)}")
            manager.set(wanted)

    def note(self, line: str) -> None:
        self.changes.lines.append(line)


@contextmanager
def _named(where: str):
    """An error in a fixture as one FixtureError naming the file (and case)."""
    try:
        yield
    except FixtureError:
        raise
    except (
        OSError,
        LookupError,
        TypeError,
        ValueError,
        ArithmeticError,
        ValidationError,
        ObjectDoesNotExist,
    ) as error:
        raise FixtureError(f"{where}: {_describe(error)}") from error


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _python(model, name: str, value):
    """A fixture's value as the model field holds it (a date, a Decimal)."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        return value
    try:
        return model_field.to_python(value)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from error


def _save(obj: models.Model) -> None:
    obj.full_clean()
    obj.save()


def _label(obj: models.Model) -> str:
    if isinstance(obj, Metric):
        return f"figure {obj.case.slug}#{obj.position} ({obj.source.origin})"
    if isinstance(obj, Case):
        return f"case {obj.slug}"
    if isinstance(obj, Theme):
        return f"theme {obj.slug}"
    if isinstance(obj, SourceArticle):
        return f"article {obj.origin}"
    return f"{obj._meta.model_name} {obj}"


def _shown(model, name: str, before, after) -> tuple[str, str]:
    """Both values of a changed field as the plan prints them; of a long text, only
    the part that differs, with a few characters either side."""
    if isinstance(before, str) and isinstance(after, str):
        if max(len(before), len(after)) > LONG_TEXT:
            prefix = len(os.path.commonprefix([before, after]))
            tails = [before[prefix:][::-1], after[prefix:][::-1]]
            suffix = len(os.path.commonprefix(tails))
            start, end = max(prefix - CONTEXT, 0), max(suffix - CONTEXT, 0)
            before, after = (_cut(text, start, end) for text in (before, after))
    choices = dict(model._meta.get_field(name).choices or ())
    return _value(before, choices), _value(after, choices)


def _cut(text: str, start: int, end: int) -> str:
    middle = text[start : len(text) - end]
    return f"{'…' if start else ''}{middle}{'…' if end else ''}"


def _value(value, choices: dict) -> str:
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str | models.Model):
        return repr(str(value))
    return str(value)


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, KeyError):
        return f"missing field {error}"
    return str(error)
