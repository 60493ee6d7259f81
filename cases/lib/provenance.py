"""Find a metric's quote inside its article, ignoring the OCR line breaks."""

from dataclasses import dataclass

from cases.lib.numbers import states_value, strip_whitespace


def quote_is_in(quote: str, text: str) -> bool:
    needle = strip_whitespace(quote)
    return bool(needle) and needle in strip_whitespace(text)


class FlatText:
    """An article as published and without whitespace (OCR breaks lines mid-word),
    with the way back from a position in one to the other."""

    def __init__(self, text: str):
        self.text = text
        self.positions = [i for i, char in enumerate(text) if not char.isspace()]
        self.flat = "".join(text[i] for i in self.positions)

    def locate(self, quote: str) -> tuple[int, int] | None:
        """The (start, end) of ``quote`` in the text as published."""
        needle = strip_whitespace(quote)
        found = self.flat.find(needle) if needle else -1
        if found < 0:
            return None
        return self.positions[found], self.positions[found + len(needle) - 1] + 1


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """The (start, end) of ``quote`` in ``text`` as published, whitespace ignored."""
    return FlatText(text).locate(quote)


@dataclass(frozen=True)
class Passage:
    """A stretch of article text; ``marks`` names the metrics quoted there."""

    text: str
    marks: tuple = ()


def split_by_quotes(text: str, metrics) -> list[Passage]:
    """Cut ``text`` into passages so that each quoted stretch can be highlighted.

    Overlapping quotes (one sentence that states several figures) merge into one
    highlighted passage that names every metric it holds.
    """
    article = FlatText(text)
    spans = []
    for metric in metrics:
        found = article.locate(metric.quote)
        if found:
            spans.append((found[0], found[1], metric))
    spans.sort(key=lambda span: span[0])
    merged: list[list] = []
    for start, end, metric in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(metric)
        else:
            merged.append([start, end, [metric]])
    passages, cursor = [], 0
    for start, end, marked in merged:
        if start > cursor:
            passages.append(Passage(text[cursor:start]))
        passages.append(Passage(text[start:end], tuple(marked)))
        cursor = end
    if cursor < len(text):
        passages.append(Passage(text[cursor:]))
    return passages


def provenance_problems(metrics) -> list[str]:
    """One line per metric whose quote is not in its article or does not state it."""
    problems = []
    for metric in metrics:
        where = f"{metric.case.slug} · {metric.subject} ({metric.display_value})"
        if not quote_is_in(metric.quote, metric.source.text):
            problems.append(
                f"{where}: quote not in {metric.source.origin}: {metric.quote}"
            )
        elif not states_value(
            metric.quote, metric.value, metric.value_max, metric.unit
        ):
            problems.append(f"{where}: quote does not state this value: {metric.quote}")
    return problems
