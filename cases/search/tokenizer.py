"""Text → search tokens, shared by indexing and querying on every backend.

The index holds, for each run of CJK characters or of ASCII letters and digits, its
overlapping character bigrams followed by the run's last character (吃茶话事 →
吃茶 茶话 话事 事), and "plus" for a "+". A query term becomes the phrase of the same
tokens, so any literal substring of the text is found whatever a word segmenter would
have made of it (茶话 inside 吃茶话事, 悦小哥, 15分钟, 网格+), which jieba alone misses
(see shared/search-lab.md). jieba is used only to split long sentence-like queries
that find nothing as written (``split_words``).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+|\+")
PLUS_TOKEN = "plus"  # longer than any bigram, so no text run can produce it


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


def index_tokens(text: str) -> list[str]:
    return [token for run in _runs(text) for token in _run_tokens(run, closed=True)]


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
    tokens: list[str] = []
    for position, run in enumerate(runs):
        last = position == len(runs) - 1
        tokens += _run_tokens(run, closed=not last)
    last_run = runs[-1]
    # A single trailing character may be the start of a longer run in the text.
    prefix = len(last_run) == 1 and last_run != "+"
    return Phrase(tuple(tokens), prefix)


def load_dictionary() -> None:
    """Load jieba's dictionary now (about 0.8 s and 90 MB) rather than on the first
    long query: a server does it before forking its workers, which then share it."""
    _jieba()


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def add_words(words) -> None:
    """Keep domain names (practice, region and theme names) whole when splitting."""
    jieba = _jieba()
    for word in words:
        jieba.add_word(word, freq=100000)


def split_words(text: str) -> list[str]:
    """jieba's words of two or more characters, for a query that found nothing."""
    return [word for word in _jieba().lcut(text) if len(word.strip()) >= 2]
