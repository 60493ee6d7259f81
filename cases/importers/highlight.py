"""The article cut into passages, each proposed place, community, practice and
figure marked where the text writes it, for the review screen."""

from dataclasses import dataclass

from cases.importers.proposal import Proposal
from cases.lib.numbers import strip_whitespace
from cases.lib.provenance import FlatText

# A name marked inside a figure's sentence shows as the name: names come first.
PRIORITY = {"place": 0, "community": 1, "practice": 2, "figure": 3}


@dataclass(frozen=True)
class Passage:
    text: str
    kind: str = ""  # place, community, practice, figure or "" for plain text
    row: str = ""  # the id of the item's row on the review screen
    anchor: str = ""  # this passage's own id: the first passage of each item


def marked_passages(proposal: Proposal) -> list[Passage]:
    article = FlatText(proposal.text)
    owners: list[tuple[int, str, str] | None] = [None] * len(article.flat)

    def mark(start: int, end: int, kind: str, row: str) -> None:
        for i in range(start, end):
            current = owners[i]
            if current is None or PRIORITY[kind] < current[0]:
                owners[i] = (PRIORITY[kind], kind, row)

    for i, place in enumerate(proposal.places):
        for start, end in _every(article.flat, place.name):
            mark(start, end, "place", f"draft-{i}")
    for i, (name, _) in enumerate(_communities(proposal)):
        for start, end in _every(article.flat, name):
            mark(start, end, "community", f"community-{i}")
    for i, name in enumerate(_practices(proposal)):
        for start, end in _every(article.flat, f"“{name}”"):
            mark(start + 1, end - 1, "practice", f"practice-{i}")
    for i, metric in enumerate(_figures(proposal)):
        found = article.flat.find(strip_whitespace(metric.quote))
        if found >= 0:
            mark(
                found,
                found + len(strip_whitespace(metric.quote)),
                "figure",
                f"figure-{i}",
            )
    return _passages(article, owners)


def _passages(article: FlatText, owners) -> list[Passage]:
    passages: list[Passage] = []
    seen: set[str] = set()
    cursor = 0  # in the published text
    i = 0
    while i < len(article.flat):
        owner = owners[i]
        j = i
        while j < len(article.flat) and owners[j] == owner:
            j += 1
        start, end = article.positions[i], article.positions[j - 1] + 1
        if owner is None:
            end = article.positions[j] if j < len(article.flat) else len(article.text)
            passages.append(Passage(article.text[cursor:end]))
        else:
            if start > cursor:
                passages.append(Passage(article.text[cursor:start]))
            _, kind, row = owner
            anchor = "" if row in seen else f"mark-{row}"
            seen.add(row)
            passages.append(
                Passage(article.text[start:end], kind, f"row-{row}", anchor)
            )
        cursor = end
        i = j
    if cursor < len(article.text):
        passages.append(Passage(article.text[cursor:]))
    return passages


def _every(flat: str, needle: str):
    needle = strip_whitespace(needle)
    start = flat.find(needle) if needle else -1
    while start >= 0:
        yield start, start + len(needle)
        start = flat.find(needle, start + len(needle))


def _communities(proposal: Proposal):
    return [c for place in proposal.places for c in place.communities]


def _practices(proposal: Proposal):
    return [name for place in proposal.places for name in place.practices]


def _figures(proposal: Proposal):
    return [metric for place in proposal.places for metric in place.metrics]
