"""Text → search tokens, shared by indexing and querying on every backend.

The index holds, for each run of CJK characters or of ASCII letters and digits, its
overlapping character bigrams followed by the run's last character (吃茶话事 →
吃茶 茶话 话事 事), and "plus" for a "+". Between two runs stands a joint token of the
characters either side (15分钟 → 15 5 〇5分 分钟 钟): a term spanning runs (2.0, 1+N,
党建+网格) then holds a rare token, so an engine finds its few candidates from the
index instead of checking the phrase in every case holding "2" and "0". A query term
becomes the phrase of the same tokens, so any literal substring of the text is found
whatever a word segmenter would have made of it (茶话 inside 吃茶话事, 悦小哥,
15分钟, 网格+), which jieba alone misses (see shared/search-lab.md). jieba is used
only to split long sentence-like queries that find nothing as written
(``split_words``).
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+|\+")
PLUS_TOKEN = "plus"  # longer than any bigram, so no text run can produce it
# Joints begin with 〇 (U+3007), which no run holds: no text run can produce a joint,
# and a prefix query (网*, the last character of a term) never reads them.
JOINT_MARK = "\u3007"


def normalise(text: str) -> str:
    """Full-width forms to ASCII (１５ → 15, ＋ → +), lower case, no NULs."""
    return unicodedata.normalize("NFKC", text).replace("\x00", "").lower()


def _runs(text: str) -> list[str]:
    return RUN_RE.findall(normalise(text))


def _run_tokens(run: str, closed: bool) -> list[str]:
    """Bigrams of a run, plus its last character when the run ends there."""
    if run == "+":
        return [PLUS_TOKEN]
    tokens = [run[i : i + 2] for i in range(len(run) - 1)]
    if closed or len(run) == 1:
        tokens.append(run[-1])
    return tokens


def _joint(before: str, after: str) -> str:
    """The token between two runs: letters and digits only, so that every engine's
    parser keeps it whole."""

    def edge(character: str) -> str:
        return PLUS_TOKEN if character == "+" else character

    return JOINT_MARK + edge(before[-1]) + edge(after[0])


def _tokens_of_runs(runs: list[str], last_closed: bool) -> list[str]:
    tokens: list[str] = []
    for position, run in enumerate(runs):
        if position:
            tokens.append(_joint(runs[position - 1], run))
        last = position == len(runs) - 1
        tokens += _run_tokens(run, closed=last_closed or not last)
    return tokens


def index_tokens(text: str) -> list[str]:
    return _tokens_of_runs(_runs(text), last_closed=True)


def index_text(text: str) -> str:
    """What the search columns store: the tokens joined by spaces."""
    return " ".join(index_tokens(text))


@dataclass(frozen=True)
class Phrase:
    """Consecutive tokens; ``prefix`` when the last one may begin a longer token."""

    tokens: tuple[str, ...]
    prefix: bool


def phrase_for(term: str) -> Phrase | None:
    """The phrase that matches ``term`` wherever the text contains it literally."""
    runs = _runs(term)
    if not runs:
        return None
    tokens = _tokens_of_runs(runs, last_closed=False)
    last_run = runs[-1]
    # A single trailing character may be the start of a longer run in the text.
    prefix = len(last_run) == 1 and last_run != "+"
    return Phrase(tuple(tokens), prefix)


def load_dictionary() -> None:
    """Load jieba's dictionary now rather than on the first long query: it is large
    and slow to load (shared/search-lab.md), so a server loads it before forking its
    workers, which then share it."""
    jieba()


@cache
def jieba():
    """jieba with its dictionary loaded, once per process: this module is the
    project's only importer of it (searching, and the importer and similar cases
    through ``keywords`` and ``tagged``)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


# Names added to jieba's dictionary (add_words), with their own frequency so that
# they stay whole: keywords weigh them as words the dictionary does not know.
_added: set[str] = set()
# How often a word unknown to jieba's dictionary counts as occurring, for keywords:
# rarer than most of the dictionary's words, as names and terms of art are.
UNKNOWN_FREQUENCY = 100


def add_words(words) -> None:
    """Keep domain names (practice, region and theme names) whole when splitting."""
    segmenter = jieba()
    for word in words:
        segmenter.add_word(word, freq=100000)
        _added.add(word)


def split_words(text: str) -> list[str]:
    """jieba's words of two or more characters, for a query that found nothing."""
    return [word for word in jieba().lcut(text) if len(word.strip()) >= 2]


def keywords(text: str, limit: int) -> list[tuple[str, float]]:
    """The ``limit`` words that best tell ``text`` apart, with their weights: TF-IDF
    with jieba's own dictionary as the document frequencies (a word's share of the
    text times the log of how rare the dictionary says it is). Words of one
    character and numbers are left out. jieba.analyse computes much the same with an
    IDF table of its own, but loading it loads jieba's part-of-speech tables too:
    about 100 MB more in every process that shows a case page."""
    segmenter = jieba()
    counts = Counter(
        word
        for word in segmenter.lcut(text)
        if len(word) >= 2 and not word.isdigit() and any(c.isalnum() for c in word)
    )
    if not counts:
        return []
    total, known = segmenter.dt.total, segmenter.dt.FREQ
    words = sum(counts.values())

    def rarity(word: str) -> float:
        frequency = None if word in _added else known.get(word)
        return math.log(total / (frequency or UNKNOWN_FREQUENCY))

    weighted = [(word, n / words * rarity(word)) for word, n in counts.items()]
    weighted.sort(key=lambda item: (-item[1], item[0]))
    return weighted[:limit]


def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words of ``text`` with their part of speech."""
    jieba()
    from jieba import posseg

    return [(pair.word, pair.flag) for pair in posseg.lcut(text)]
