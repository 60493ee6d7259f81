"""Parse what a user typed into search terms that can never break an engine.

Every term is matched as a literal substring (a quoted string is one term, spaces
kept); terms are ANDed. A term may take several forms, any of which a case may hold:
a term in traditional characters also matches in simplified ones (網格 finds 网格),
and a pinyin spelling the names it spells (aliases.py). The engine expression is
built only from tokenizer output, which holds letters and digits alone, so no user
character reaches a query language.
"""

import re
from dataclasses import dataclass, replace

from cases.search.chinese import simplified
from cases.search.tokenizer import Phrase, normalise, phrase_for

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 50
OPERATOR_WORDS = {"and", "or", "not", "near"}
QUOTE_MARKS = '"“”「」『』《》'
QUOTED_RE = re.compile(f"[{QUOTE_MARKS}]([^{QUOTE_MARKS}]+)[{QUOTE_MARKS}]")
SEPARATOR_RE = re.compile(
    r"[\s'\"‘’“”「」『』《》()（）\[\]【】{}*^~:：|\\&@,，。、；;！!？?<>]+"
)


@dataclass(frozen=True)
class Term:
    text: str  # as the user wrote it, normalised: shown and used for highlights
    phrases: tuple[Phrase, ...]  # what must match, all of them
    literal: Phrase | None = None  # a stricter form ranked first: 网格+ itself
    mirrored: Phrase | None = None  # 网格+ also ranks X+网格 first
    # Other ways a case may write the term, each enough to match: the term in
    # simplified characters, the names a pinyin spelling stands for.
    variants: tuple["Term", ...] = ()

    @property
    def forms(self) -> tuple["Term", ...]:
        """The term as written and its variants: a case holding any of them."""
        return (self, *self.variants)


def parse_query(raw: str) -> list[Term]:
    text = normalise(raw or "")[: MAX_QUERY_CHARS * 5]
    pieces = [match.strip() for match in QUOTED_RE.findall(text)]
    pieces += SEPARATOR_RE.split(QUOTED_RE.sub(" ", text))
    terms: list[Term] = []
    for piece in pieces:
        piece = (
            piece.strip("+-./#_%")[:MAX_TERM_CHARS]
            if piece.startswith(("-", ".", "/", "#"))
            else piece[:MAX_TERM_CHARS]
        )
        if not piece or piece.lower() in OPERATOR_WORDS:
            continue
        term = term_for(piece)
        if term and all(term.text != other.text for other in terms):
            terms.append(term)
    # A term inside another adds nothing under substring matching (网格 网格员 → 网格员).
    terms = [
        t
        for t in terms
        if not any(t.text != o.text and t.text in o.text for o in terms)
    ]
    return terms[:MAX_TERMS]


def term_for(piece: str) -> Term | None:
    """The term of a normalised piece of a query; in traditional characters, it
    also matches in simplified ones. The case's own text is what matches either way,
    so a case quoting traditional characters is still found by them."""
    term = _term(piece)
    in_simplified = simplified(piece)
    if term is None or in_simplified == piece:
        return term
    variant = _term(in_simplified)
    return replace(term, variants=(variant,)) if variant else term


def _term(piece: str) -> Term | None:
    parts = [phrase_for(part) for part in piece.split("+")]
    loose = tuple(phrase for phrase in parts if phrase is not None)
    if not loose:
        return None
    if "+" not in piece:
        return Term(piece, loose)
    literal = phrase_for(piece)
    mirrored = phrase_for("+" + piece.rstrip("+")) if piece.endswith("+") else None
    return Term(piece, loose, literal, mirrored)


def literal_phrases(terms: list[Term]) -> list[Phrase]:
    """The stricter forms ranked first: 网格+ itself, and X+网格 (of each form of a
    term: each holds its form's phrases)."""
    return [
        phrase
        for term in terms
        for form in term.forms
        for phrase in (form.literal, form.mirrored)
        if phrase is not None
    ]
