"""Other ways to write the library's names: a practice's, a region's or a theme's
pinyin (吃茶话事 → chi cha hua shi), and any other kind the product adds (English
names). The product gives them (``Source.aliases``); a query whose Latin words
spell one is searched as the name they spell, when the query as written finds
nothing (see ``cases.search``).

A query spells an alias when its letters, without spaces, apostrophes, tone marks or
capitals, are the alias's words joined: chichahuashi, "Chi Cha Hua Shi" and "chī
chá huà shì" all spell 吃茶话事. Where the words spell the name character by
character (pinyin), the first MIN_WORDS or more of them spell the name's start,
which is searched for as if typed in characters: wangge finds 网格 (of 网格化管理,
网格+, …), jiayuguan 嘉峪关 (of 嘉峪关市). A spelling several names share
(homophones) finds a case holding any of them; terms stay ANDed.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from django.core.cache import cache
from django.utils.translation import gettext_noop

from cases.search.chinese import pinyin
from cases.search.documents import Alias, source
from cases.search.query import (
    MAX_TERMS,
    QUOTED_RE,
    SEPARATOR_RE,
    Term,
    parse_query,
    term_for,
)
from cases.search.tokenizer import normalise

PINYIN = gettext_noop("拼音")  # the kind of alias, as pages name it
MIN_WORDS = 2  # a single syllable (an, xi) spells too much to stand for a name
MAX_SPELLED = 20  # texts one spelling stands for, at most (homophones)
CACHE_KEY = "search-aliases"
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# A Latin letter with tone marks (ā, ǘ …) decomposes into the letter and marks; ü is
# written v, as pypinyin writes it.
UMLAUT_U = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})
LETTERS_RE = re.compile("[a-z]+")


@dataclass(frozen=True, slots=True)
class AliasMatch:
    """Words of a query read as the names they spell: 拼音 jiayuguan → 嘉峪关."""

    written: str  # the query's words, as typed (normalised): jia yu guan
    kind: str
    names: tuple[str, ...]  # what they spell, searched for


def pinyin_alias(name: str) -> Alias | None:
    """The pinyin alias of a name, None when it has no Chinese character."""
    syllables = _syllables(name).split(" ")
    spelled = [(word, i + 1) for i, word in enumerate(syllables) if word]
    if not spelled:
        return None
    words, ends = zip(*spelled, strict=True)
    return Alias(words, name, PINYIN, ends)


@lru_cache(maxsize=100_000)
def _syllables(name: str) -> str:
    """The pinyin of each character of a name, joined by spaces. Kept per name (as
    one string, the smallest): the aliases of the whole library are made anew
    whenever content changes, and pypinyin's reading of a name is the slow part."""
    return " ".join(pinyin(name))


def spelling(word: str) -> str | None:
    """A word's letters as aliases are looked up: lower case, no tone marks, ü as
    v; None unless it is Latin letters alone."""
    word = word.lower()
    if LETTERS_RE.fullmatch(word):
        return word
    word = unicodedata.normalize("NFC", word).translate(UMLAUT_U)
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    )
    return letters if LETTERS_RE.fullmatch(letters) else None


class AliasTable:
    """What each spelling stands for: (text, kind) pairs, by the letters of the
    spelling."""

    def __init__(self, aliases: Iterable[Alias]):
        spelled: dict[str, dict[str, str]] = defaultdict(dict)
        for alias in aliases:
            words = [spelling(word) for word in alias.words]
            if not words or not all(words):
                continue
            spelled["".join(words)].setdefault(alias.name, alias.kind)
            for count in range(MIN_WORDS, len(alias.ends)):
                start = alias.name[: alias.ends[count - 1]]
                spelled["".join(words[:count])].setdefault(start, alias.kind)
        self.spelled = {letters: _fewest(texts) for letters, texts in spelled.items()}

    def get(self, letters: str) -> tuple[tuple[str, str], ...]:
        return self.spelled.get(letters, ())


def _fewest(texts: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The texts a spelling stands for, but those holding another of them, which
    finds them too (网格 finds 网格+): at most MAX_SPELLED, the shortest."""
    if len(texts) == 1:
        return tuple(texts.items())
    kept: list[tuple[str, str]] = []
    for text, kind in sorted(texts.items(), key=lambda item: (len(item[0]), item)):
        if not any(shorter in text for shorter, _ in kept):
            kept.append((text, kind))
    return tuple(kept[:MAX_SPELLED])


def alias_table() -> "CachedAliases":
    """The aliases of the content as it is, read from Django's cache."""
    return CachedAliases()


class CachedAliases:
    """The alias table as Django's cache keeps it: made from the registered source
    once per content version (the cache's keys hold the version, so processes and
    servers sharing a cache share it), kept in one entry per first letter, so that
    looking a spelling up reads a small part of it, not the whole table. Each part
    read is kept for the life of this object (one query)."""

    def __init__(self):
        self.parts: dict[str, dict] = {}

    def get(self, letters: str) -> tuple[tuple[str, str], ...]:
        first = letters[0]
        if first not in self.parts:
            part = cache.get(f"{CACHE_KEY}:{first}")
            if part is None:  # not made for this version yet (or evicted)
                self.parts = self._made()
            else:
                self.parts[first] = part
        return self.parts.get(first, {}).get(letters, ())

    @staticmethod
    def _made() -> dict[str, dict]:
        table = AliasTable(source().aliases())
        parts: dict[str, dict] = {letter: {} for letter in ALPHABET}
        for letters, texts in table.spelled.items():
            parts[letters[0]][letters] = texts
        cache.set_many({f"{CACHE_KEY}:{first}": part for first, part in parts.items()})
        return parts


@dataclass(frozen=True)
class Reading:
    """A query with its spelled words read as the names they spell."""

    terms: list[Term]
    matches: tuple[AliasMatch, ...]


def spelled_words(query: str) -> list[list[tuple[str, str]]]:
    """Runs of the query's unquoted words that are Latin letters alone, each word
    with its letters: the words a spelling may span ("Jia Yu Guan"). Quoted text is
    taken as written."""
    runs: list[list[tuple[str, str]]] = [[]]
    for piece in SEPARATOR_RE.split(QUOTED_RE.sub(" ", normalise(query or ""))):
        if not piece:
            continue
        letters = spelling(piece)
        if letters:
            runs[-1].append((piece, letters))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def reading(query: str) -> Reading | None:
    """The query's terms with the words of each spelling made one term of what they
    spell (the longest spelling first, from the left); None when no words spell an
    alias. The table is read only for a query with words of Latin letters alone."""
    runs = spelled_words(query)
    if not runs:
        return None
    table = alias_table()
    spellings: list[tuple[list[str], Term, tuple[AliasMatch, ...]]] = []
    for run in runs:
        start = 0
        while start < len(run):
            for end in range(len(run), start, -1):
                found = table.get("".join(letters for _, letters in run[start:end]))
                words = [piece for piece, _ in run[start:end]]
                matches = _matches(" ".join(words), found)
                term = _spelled_term(matches) if found else None
                if term:
                    spellings.append((words, term, matches))
                    start = end
                    break
            else:
                start += 1
    if not spellings:
        return None
    matches = tuple(match for _, _, found in spellings for match in found)
    return Reading(_terms(query, spellings), matches)


def _matches(written: str, found) -> tuple[AliasMatch, ...]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for text, kind in found:
        by_kind[kind].append(text)
    return tuple(AliasMatch(written, kind, tuple(t)) for kind, t in by_kind.items())


def _spelled_term(matches: tuple[AliasMatch, ...]) -> Term | None:
    """One term whose forms are the texts a spelling stands for: a case holding any
    of them matches, as if it had been typed in characters."""
    texts = [term_for(normalise(name)) for match in matches for name in match.names]
    terms = [term for term in texts if term is not None]
    if not terms:
        return None
    first, *others = terms
    return replace(first, variants=(*first.variants, *others))


def _terms(query: str, spellings) -> list[Term]:
    """The query's terms, the words of each spelling replaced by its term."""
    spelling_of = {
        word: i for i, (words, _, _) in enumerate(spellings) for word in words
    }
    terms: list[Term] = []
    placed = set()
    for term in parse_query(query):
        index = spelling_of.get(term.text)
        if index is None:
            terms.append(term)
        elif index not in placed:
            placed.add(index)
            terms.append(spellings[index][1])
    return terms[:MAX_TERMS]
