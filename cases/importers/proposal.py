"""What an import proposes: places with their practices and figures."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from cases.importers.byline import Byline
from cases.lib.provenance import FlatText

MAX_TEXT_CHARS = 200_000
HAN = r"\u4e00-\u9fff"


@dataclass(frozen=True)
class RegionNode:
    name: str
    level: str  # a Region.Level value
    inferred: bool = False


@dataclass(frozen=True)
class KnownRegion:
    """A region already in the database, as a province-first chain."""

    chain: tuple[RegionNode, ...]


@dataclass
class ProposedMetric:
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    period: str
    kind: str
    subject: str
    quote: str
    start: int  # offset in the whitespace-free text
    noun: str = ""  # the noun written right after the figure, if any
    flag: str = ""  # a check the curator should make (a rate its parts contradict)


@dataclass
class ProposedPlace:
    chain: tuple[RegionNode, ...]
    start: int
    summary: str = ""
    title: str = ""
    themes: list[str] = field(default_factory=list)  # Theme names
    communities: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    practices: list[str] = field(default_factory=list)
    metrics: list[ProposedMetric] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.chain[-1].name

    @property
    def chain_text(self) -> str:
        return " › ".join(node.name for node in self.chain)

    @property
    def is_empty(self) -> bool:
        return not (self.communities or self.practices or self.metrics)

    @property
    def is_complete(self) -> bool:
        """Whether the chain reaches up to a province (the text may name a street
        without its county: the curator then completes it)."""
        return self.chain[0].level == "province"


@dataclass
class Proposal:
    text: str
    places: list[ProposedPlace]
    practices: list[str]  # every practice name found, in order of first mention
    metrics: list[ProposedMetric]  # every figure kept, in order
    byline: Byline = field(default_factory=Byline)


class ArticleText(FlatText):
    """The article being imported, as published and without whitespace."""

    def paragraph_starts(self) -> set[int]:
        """Flat offsets where a paragraph or heading begins: after a line break that
        follows a sentence's end or a short line (OCR also breaks lines mid-word)."""
        starts = set()
        for i in range(1, len(self.flat)):
            gap = self.text[self.positions[i - 1] + 1 : self.positions[i]]
            if "\n" not in gap:
                continue
            line_start = self.text.rfind("\n", 0, self.positions[i - 1]) + 1
            previous_line = self.text[line_start : self.positions[i - 1] + 1].strip()
            if self.flat[i - 1] in "。！？；：”…!?" or len(previous_line) <= 30:
                starts.add(i)
        return starts

    def original(self, start: int, end: int) -> str:
        """The published text of flat[start:end], line breaks removed."""
        chunk = self.text[self.positions[start] : self.positions[end - 1] + 1]
        return re.sub(r"\s*\n\s*", "", chunk).strip()
