"""Similar cases for a case page: other published cases ranked by the practices and
themes they share with it and by how many of its jieba keywords they use.

The ranking, for a case C and another published case X:

    score(X) = practices + themes + keywords

* practices: for each practice C and X share, 1 / log2(1 + n), n being the number of
  cases using it. A practice two cases share (吃茶话事) counts 0.63, one that 500
  share 0.11: the rarer the practice, the more alike the two cases.
* themes: 0.25 for each shared theme. Themes are few and broad (网格化管理), so
  sharing one says less than sharing a practice.
* keywords: C's keywords are the TF-IDF words of its title, summary and
  description by jieba's dictionary (``cases.search.tokenizer.keywords`` over their
  first KEYWORD_TEXT_CHARS characters, words with a Chinese character).
  X scores the share of their weight found in its own text, each keyword
  discounted by how many of the candidates contain it (a word all of them use, like
  社区, tells none apart): between 0 and 1.

Only cases sharing a practice or a theme are candidates, so every similar case has
a reason to be there that the page can show. Candidates are bounded whatever the
size of the library: the PRACTICE_CANDIDATES published cases sharing the most
practices used by at most DISTINCTIVE_PRACTICE_CASES cases (a practice half the
library uses says little, and counting its cases is what costs), and the
THEME_CANDIDATES newest published cases sharing a theme, read from the date index
until enough are found (themes are few and broad: counting the cases sharing each
took most of a case page in a large library). A case's keywords are computed once
per version of its text and kept in Django's cache, keyed by its ``updated_at``.
"""

import math
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef

from cases.models import Case
from cases.search import tokenizer

DISTINCTIVE_PRACTICE_CASES = 500
PRACTICE_CANDIDATES = 40
THEME_CANDIDATES = 40
KEYWORDS = 12
KEYWORD_TEXT_CHARS = 1500  # of the title, summary and description
THEME_WEIGHT = 0.25
# A shared keyword is named on the page only if at most this share of the
# candidates holds it: 社区 in all of them is no reason worth showing.
SHOWN_KEYWORD_SPREAD = 0.5
KEYWORDS_TIMEOUT = 30 * 24 * 60 * 60  # a key changes with the text anyway
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class SimilarCase:
    """A similar case, with what it shares with the case shown (practice and theme
    names, keywords) and its score."""

    case: Case
    score: float = 0.0
    practices: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def similar_cases(case: Case, limit: int = 5) -> list[SimilarCase]:
    """The ``limit`` published cases most similar to ``case``, best first. Reads
    ``case.practices`` and ``case.themes``: prefetch them."""
    practices = {p.pk: p.name for p in case.practices.all()}
    themes = {t.pk: t.display_name for t in case.themes.all()}
    uses = _practice_uses(list(practices))
    candidates = _candidates(case, practices, themes, uses)
    if not candidates:
        return []
    # Read by id, the status checked here: asked of the database, SQLite read the
    # published cases' index whole rather than these few rows.
    found = {
        other.pk: SimilarCase(other)
        for other in Case.objects.filter(pk__in=candidates).select_related("region")
        if other.is_published
    }
    practice_links = Case.practices.through.objects.filter(
        case__in=list(found), practice__in=list(practices)
    ).values_list("case", "practice")
    for pk, practice in practice_links:
        found[pk].practices.append(practices[practice])
        found[pk].score += 1 / math.log2(1 + uses[practice])
    theme_links = Case.themes.through.objects.filter(
        case__in=list(found), theme__in=list(themes)
    ).values_list("case", "theme")
    for pk, theme in theme_links:
        found[pk].themes.append(themes[theme])
        found[pk].score += THEME_WEIGHT
    _score_keywords(keywords(case), list(found.values()))
    ranked = sorted(found.values(), key=lambda s: (-s.score, -s.case.pk))
    for similar in ranked:
        similar.practices.sort()
        similar.themes.sort()
    return ranked[:limit]


def _practice_uses(practice_ids: list[int]) -> dict[int, int]:
    """How many cases use each of these practices."""
    links = Case.practices.through.objects.filter(practice__in=practice_ids)
    return dict(links.values_list("practice").annotate(n=Count("case")).order_by())


def _candidates(case, practices, themes, uses) -> list[int]:
    """The published cases sharing the most distinctive practices, and those
    sharing the most themes (the newest first among equals)."""
    distinctive = [
        pk for pk in practices if uses.get(pk, 0) <= DISTINCTIVE_PRACTICE_CASES
    ]
    return list(
        dict.fromkeys(
            [
                *_sharing_practices(case, distinctive),
                *_sharing_a_theme(case, list(themes)),
            ]
        )
    )


def _sharing_practices(case: Case, practice_ids: list[int]) -> list[int]:
    """The published cases using the most of these practices, the newest first
    among equals (ids grow with time)."""
    if not practice_ids:
        return []
    # Unpublished cases are few: left out by their ids rather than by reading the
    # status of every linked case.
    shared = (
        Case.practices.through.objects.filter(practice__in=practice_ids)
        .exclude(case__in=Case.objects.unpublished().values("pk"))
        .exclude(case=case.pk)
        .values_list("case")
        .annotate(n=Count("practice"))
        .order_by("-n", "-case")
    )
    return [pk for pk, _ in shared[:PRACTICE_CANDIDATES]]


def _sharing_a_theme(case: Case, theme_ids: list[int]) -> list[int]:
    """The newest published cases with one of these themes: the date index is read
    newest first and each case's themes looked up until enough are found."""
    if not theme_ids:
        return []
    with_theme = Case.themes.through.objects.filter(
        case=OuterRef("pk"), theme__in=theme_ids
    )
    newest = (
        Case.objects.published()
        .exclude(pk=case.pk)
        .filter(Exists(with_theme))
        .order_by("-published_at", "-pk")
    )
    return list(newest.values_list("pk", flat=True)[:THEME_CANDIDATES])


def keywords(case: Case) -> list[tuple[str, float]]:
    """jieba's TF-IDF keywords of the case's text with their weights, computed once
    per version of the case (its ``updated_at``) and kept in Django's cache."""
    key = f"govcases:case-keywords:{case.pk}:{case.updated_at.timestamp():.6f}"
    found = cache.get(key)
    if found is None:
        found = extract_keywords(case)
        cache.set(key, found, KEYWORDS_TIMEOUT)
    return found


def extract_keywords(case: Case) -> list[tuple[str, float]]:
    """The case's KEYWORDS words that best tell it apart (TF-IDF over jieba's
    dictionary), its own practice names kept whole; numbers and Latin words
    left out."""
    tokenizer.add_words(name for name in _names(case) if len(name) > 1)
    # Bounded, whatever the length of an imported description.
    text = "\n".join([case.title, case.summary, case.description])[:KEYWORD_TEXT_CHARS]
    tags = tokenizer.keywords(text, KEYWORDS * 2)
    return [(word, weight) for word, weight in tags if CJK_RE.search(word)][:KEYWORDS]


def _names(case: Case) -> list[str]:
    return [practice.name for practice in case.practices.all()]


def _score_keywords(words: list[tuple[str, float]], candidates: list[SimilarCase]):
    """Add to each candidate the share of ``words``' weight its text holds, each
    word discounted by the share of candidates holding it."""
    if not words or not candidates:
        return
    texts = {
        s.case.pk: "\n".join([s.case.title, s.case.summary, s.case.description])
        for s in candidates
    }
    holding = {
        word: {pk for pk, text in texts.items() if word in text} for word, _ in words
    }
    total = sum(weight for _, weight in words)
    for similar in candidates:
        for word, weight in words:
            if similar.case.pk in holding[word]:
                spread = len(holding[word]) / (len(candidates) + 1)
                similar.score += weight * (1 - spread) / total
                if spread <= SHOWN_KEYWORD_SPREAD:
                    similar.keywords.append(word)
