"""A case's facet keys: one per theme, practice and kind of figure ("t3 p41 krate"),
kept with its search index entry, so that the facets of a search's results are
counted from one read of their entries instead of joins to three link tables."""

from collections import Counter
from collections.abc import Iterable

THEME, PRACTICE, KIND = "t", "p", "k"


def facet_key(themes: Iterable[int], practices: Iterable[int], kinds: Iterable[str]):
    keys = {
        *(f"{THEME}{pk}" for pk in themes),
        *(f"{PRACTICE}{pk}" for pk in practices),
        *(f"{KIND}{kind}" for kind in kinds),
    }
    return " ".join(sorted(keys))


def counted(keys: Iterable[str]) -> tuple[Counter, Counter, Counter]:
    """(theme id, practice id, kind) counts of many cases' facet keys."""
    themes, practices, kinds = Counter(), Counter(), Counter()
    for key in keys:
        if key[0] == THEME:
            themes[int(key[1:])] += 1
        elif key[0] == PRACTICE:
            practices[int(key[1:])] += 1
        elif key[0] == KIND:
            kinds[key[1:]] += 1
    return themes, practices, kinds
