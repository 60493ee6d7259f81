"""How well the importer's proposals match what a curator extracts, without the
database: on the curated seeds (fixtures/articles) and on a development set of real
reports whose texts stay outside the repository (their facts are in
benchmarks/importer_devset.json)."""

import json
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path

from cases.importers import Proposal, ProposedMetric, parse_article
from cases.importers.figures import CLAUSE_BREAK
from cases.importers.names import find_quoted_names
from cases.lib.numbers import strip_whitespace
from cases.lib.provenance import FlatText

DEVSET_FACTS = Path(__file__).with_name("importer_devset.json")


@dataclass
class Tally:
    figures: int = 0  # figures the curator extracts
    right: int = 0  # ... proposed with value, unit, qualifier, period and quote right
    proposed: int = 0  # figures proposed
    wrong: int = 0  # ... matching no curated figure (or one already matched)
    names: int = 0  # quoted practice names the curator keeps
    names_found: int = 0
    townships: int = 0  # townships and streets the report names
    townships_right: int = 0
    communities: int = 0  # communities, villages and estates it names
    communities_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in (f.name for f in fields(self) if f.name != "misses"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rates(self) -> dict[str, float]:
        def share(part: int, whole: int, empty: float = 1.0) -> float:
            return part / whole if whole else empty

        return {
            "right": share(self.right, self.figures),
            "wrong": share(self.wrong, self.proposed, 0.0),
            "names": share(self.names_found, self.names),
            "townships": share(self.townships_right, self.townships),
            "communities": share(self.communities_right, self.communities),
        }


# The curated seeds


def measure_seed(json_path: Path) -> Tally:
    data = json.loads(json_path.read_text(encoding="utf-8"))
    text = json_path.with_name(data["article"]["origin"]).read_text(encoding="utf-8")
    proposal = parse_article(text)
    article = FlatText(text)
    tally = Tally()
    rows = [row for entry in data["cases"] for row in entry["metrics"]]
    matched: set[int] = set()
    for metric in proposal.metrics:
        index = next(
            (
                i
                for i, row in enumerate(rows)
                if i not in matched and _same_seed_figure(article, row, metric)
            ),
            None,
        )
        tally.proposed += 1
        if index is None:
            tally.wrong += 1
            tally.misses.append(f"wrong   {_show(metric)}")
            continue
        matched.add(index)
        row = rows[index]
        if _fully_right(article, metric, row["qualifier"], [row["period"]]):
            tally.right += 1
        else:
            tally.misses.append(
                f"partly  {_show(metric)} (curated {row['qualifier']}/{row['period']})"
            )
    tally.figures = len(rows)
    for i, row in enumerate(rows):
        if i not in matched:
            tally.misses.append(f"missed  {row['value']}{row['unit']}: {row['quote']}")
    quoted = _quoted_stretches(article.flat)
    curated_names = {
        strip_whitespace(name)
        for entry in data["cases"]
        for name in entry["practices"]
        if strip_whitespace(name) in quoted
    }
    _score_names(tally, curated_names, proposal)
    townships = {
        node["name"]
        for entry in data["cases"]
        for node in entry["region"]
        if node["level"] == "township"
    }
    _score_places(tally, townships, None, _seed_communities(data), proposal)
    return tally


def _same_seed_figure(article: FlatText, row: dict, metric: ProposedMetric) -> bool:
    value_max = Decimal(row["value_max"]) if row["value_max"] else None
    return (
        Decimal(row["value"]) == metric.value
        and value_max == metric.value_max
        and row["unit"] == metric.unit
        and _overlap(article.locate(row["quote"]), article.locate(metric.quote))
    )


def _seed_communities(data: dict) -> set[str]:
    return {row["name"] for entry in data["cases"] for row in entry["communities"]}


def _quoted_stretches(flat: str) -> set[str]:
    return {strip_whitespace(q.name) for q in find_quoted_names(flat)}


# The development set


def measure_devset_article(facts: dict, text: str) -> Tally:
    proposal = parse_article(text)
    article = FlatText(text)
    tally = Tally(figures=len(facts["figures"]))
    matched: set[int] = set()
    for metric in proposal.metrics:
        tally.proposed += 1
        index = _expected_index(facts["figures"], metric, matched)
        if index is None:
            if not any(_same_fact(row, metric) for row in facts.get("optional", [])):
                tally.wrong += 1
                tally.misses.append(f"wrong   {_show(metric)}")
            continue
        matched.add(index)
        row = facts["figures"][index]
        periods = row["period"] if isinstance(row["period"], list) else [row["period"]]
        if _fully_right(article, metric, row["qualifier"], periods):
            tally.right += 1
        else:
            tally.misses.append(
                f"partly  {_show(metric)} (expected {row['qualifier']}/{periods})"
            )
    for i, row in enumerate(facts["figures"]):
        if i not in matched:
            tally.misses.append(f"missed  {row['value']}{row['unit']} {row['noun']}")
    _score_names(tally, {strip_whitespace(n) for n in facts["practices"]}, proposal)
    townships = {facts["township"]} if facts["township"] else set()
    _score_places(
        tally, townships, facts.get("county"), set(facts["communities"]), proposal
    )
    return tally


def _expected_index(rows: list[dict], metric: ProposedMetric, matched: set[int]):
    for i, row in enumerate(rows):
        if i not in matched and _same_fact(row, metric):
            return i
    return None


def _same_fact(row: dict, metric: ProposedMetric) -> bool:
    value_max = Decimal(row["value_max"]) if row.get("value_max") else None
    quote = strip_whitespace(metric.quote)
    return (
        Decimal(row["value"]) == metric.value
        and value_max == metric.value_max
        and row["unit"] == metric.unit
        and any(noun in quote for noun in row["noun"])
    )


# Shared checks


def _fully_right(
    article: FlatText, metric: ProposedMetric, qualifier: str, periods: list[str]
) -> bool:
    return (
        metric.qualifier == qualifier
        and metric.period in periods
        and ends_at_its_clause(article, metric.quote)
    )


def ends_at_its_clause(article: FlatText, quote: str) -> bool:
    """The quote stops where its clause does: at a clause mark or the text's end."""
    needle = strip_whitespace(quote)
    found = article.flat.find(needle)
    if found < 0:
        return False
    end = found + len(needle)
    return end == len(article.flat) or article.flat[end] in CLAUSE_BREAK


def _score_names(tally: Tally, expected: set[str], proposal: Proposal) -> None:
    proposed = {strip_whitespace(name) for name in proposal.practices}
    tally.names += len(expected)
    tally.names_found += len(expected & proposed)
    for name in sorted(expected - proposed):
        tally.misses.append(f"name    missed “{name}”")


def _score_places(
    tally: Tally,
    townships: set[str],
    county: str | None,
    communities: set[str],
    proposal: Proposal,
) -> None:
    proposed_townships = {
        place.name
        for place in proposal.places
        if place.chain[-1].level == "township"
        and (
            county is None
            or not place.is_complete
            or county in {node.name for node in place.chain}
        )
    }
    tally.townships += len(townships)
    tally.townships_right += len(townships & proposed_townships)
    for name in sorted(townships - proposed_townships):
        tally.misses.append(f"place   missed {name} (proposed {proposed_townships})")
    proposed = {name for place in proposal.places for name, _ in place.communities}
    tally.communities += len(communities)
    tally.communities_right += len(communities & proposed)
    for name in sorted(communities - proposed):
        tally.misses.append(f"place   missed community {name}")


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _show(metric: ProposedMetric) -> str:
    value = f"{metric.value}" + (f"—{metric.value_max}" if metric.value_max else "")
    return (
        f"{metric.qualifier}{value}{metric.unit} [{metric.period}] "
        f"{metric.subject} | {metric.quote}"
    )
