"""How well the importer's proposals match curated articles, without the database."""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cases.importers import ProposedMetric, parse_article
from cases.lib.numbers import strip_whitespace
from cases.lib.provenance import FlatText


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
    curated_metrics = [m for entry in data["cases"] for m in entry["metrics"]]
    curated_names = {
        strip_whitespace(name) for entry in data["cases"] for name in entry["practices"]
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


def misses(json_path: Path) -> list[str]:
    """One line per curated figure the importer missed, per wrong figure and per
    wrong practice name."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    text = json_path.with_name(data["article"]["origin"]).read_text(encoding="utf-8")
    proposal = parse_article(text)
    rows = [m for entry in data["cases"] for m in entry["metrics"]]
    lines = []
    for row in rows:
        if not _score_metrics(text, [row], proposal.metrics).found:
            lines.append(f"missed {row['value']}{row['unit']}: {row['quote']}")
    for metric in proposal.metrics:
        if _score_metrics(text, rows, [metric]).wrong:
            lines.append(f"wrong  {metric.value}{metric.unit}: {metric.quote}")
    names = {
        strip_whitespace(name) for entry in data["cases"] for name in entry["practices"]
    }
    for name in proposal.practices:
        if strip_whitespace(name) not in names:
            lines.append(f"wrong name “{name}”")
    return lines
