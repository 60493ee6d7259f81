"""Compare the importer's proposals with the curated seeds, without the database."""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.importers import ProposedMetric, parse_article
from cases.numbers import strip_whitespace
from cases.provenance import FlatText


@dataclass
class Score:
    curated: int = 0
    found: int = 0  # curated items the importer proposed
    proposed: int = 0
    wrong: int = 0  # proposals that match no curated item

    def add(self, other: "Score") -> None:
        self.curated += other.curated
        self.found += other.found
        self.proposed += other.proposed
        self.wrong += other.wrong

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    @property
    def error_rate(self) -> float:
        return self.wrong / self.proposed if self.proposed else 0.0


def measure_article(json_path: Path) -> tuple[Score, Score]:
    """(metrics, practices) scores of one curated article."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    text = json_path.with_name(data["article"]["origin"]).read_text(encoding="utf-8")
    proposal = parse_article(text)
    curated_metrics = [m for entry in data["initiatives"] for m in entry["metrics"]]
    curated_names = {
        strip_whitespace(name)
        for entry in data["initiatives"]
        for name in entry["practices"]
    }
    return (
        _score_metrics(text, curated_metrics, proposal.metrics),
        _score_names(curated_names, {strip_whitespace(n) for n in proposal.practices}),
    )


def _score_metrics(text: str, curated: list[dict], proposed: list[ProposedMetric]):
    article = FlatText(text)

    def same(row: dict, metric: ProposedMetric) -> bool:
        value_max = Decimal(row["value_max"]) if row["value_max"] else None
        return (
            Decimal(row["value"]) == metric.value
            and value_max == metric.value_max
            and row["unit"] == metric.unit
            and _overlap(article.locate(row["quote"]), article.locate(metric.quote))
        )

    return Score(
        curated=len(curated),
        found=sum(any(same(row, m) for m in proposed) for row in curated),
        proposed=len(proposed),
        wrong=sum(not any(same(row, m) for row in curated) for m in proposed),
    )


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _score_names(curated: set[str], proposed: set[str]) -> Score:
    return Score(
        curated=len(curated),
        found=len(curated & proposed),
        proposed=len(proposed),
        wrong=len(proposed - curated),
    )


class Command(BaseCommand):
    help = (
        "Run the article importer on the curated seeds in fixtures/articles/ (no "
        "database) and print its recall and error rate for figures and practice names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose-misses",
            action="store_true",
            help="List the curated figures missed and the wrong ones.",
        )

    def handle(self, *args, **options):
        directory = Path(settings.FIXTURE_DIRS[0]) / "articles"
        header = (
            f"{'article':<28}{'metrics':>9}{'recall':>8}{'wrong':>8}"
            f"{'names':>8}{'recall':>8}{'wrong':>8}"
        )
        self.stdout.write(header)
        total_metrics, total_names = Score(), Score()
        for path in sorted(directory.glob("*.json")):
            metrics, names = measure_article(path)
            total_metrics.add(metrics)
            total_names.add(names)
            self.stdout.write(_row(path.stem, metrics, names))
            if options["verbose_misses"]:
                self._misses(path)
        self.stdout.write("-" * len(header))
        self.stdout.write(_row("all", total_metrics, total_names))

    def _misses(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_name(data["article"]["origin"]).read_text(encoding="utf-8")
        proposal = parse_article(text)
        rows = [m for entry in data["initiatives"] for m in entry["metrics"]]
        for row in rows:
            if not _score_metrics(text, [row], proposal.metrics).found:
                value = f"{row['value']}{row['unit']}"
                self.stdout.write(f"  missed {value}: {row['quote']}")
        for metric in proposal.metrics:
            if _score_metrics(text, rows, [metric]).wrong:
                value = f"{metric.value}{metric.unit}"
                self.stdout.write(f"  wrong  {value}: {metric.quote}")
        names = {
            strip_whitespace(name)
            for entry in data["initiatives"]
            for name in entry["practices"]
        }
        for name in proposal.practices:
            if strip_whitespace(name) not in names:
                self.stdout.write(f"  wrong name “{name}”")


def _row(label: str, metrics: Score, names: Score) -> str:
    return (
        f"{label:<28}{metrics.curated:>9}{metrics.recall:>8.0%}"
        f"{metrics.error_rate:>8.0%}{names.curated:>8}{names.recall:>8.0%}"
        f"{names.error_rate:>8.0%}"
    )
