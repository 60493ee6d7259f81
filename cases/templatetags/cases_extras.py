import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

SNIPPET_CHARS = 90


@register.filter
def highlight(text: str, terms: list[str]):
    """Wrap each term in <mark>, escaping everything else: the only mark_safe."""
    text = text or ""
    words = [term for term in terms or [] if term.strip()]
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    pieces, cursor = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


@register.filter
def matched_first(practices, terms: list[str]):
    """The practices whose names hold one of ``terms`` (a search's words, the
    practice a page is about) first, the others after them in their order."""
    words = [term.casefold() for term in terms or [] if term.strip()]
    if not words:
        return practices
    return sorted(
        practices,
        key=lambda practice: not any(w in practice.name.casefold() for w in words),
    )


@register.filter
def snippet(case, terms: list[str]) -> str:
    """A stretch of the case's text around the first matched term."""
    text = " ".join((case.summary + " " + case.description).split())
    lowered = text.lower()
    hits = [lowered.find(term.lower()) for term in terms or []]
    hits = [hit for hit in hits if hit >= 0]
    if not hits:
        return text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")
    start = max(0, min(hits) - SNIPPET_CHARS // 3)
    end = start + SNIPPET_CHARS
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@register.simple_tag(takes_context=True)
def query_without(context, *names: str) -> str:
    """The current query string without ``names`` (and without the page)."""
    query = context["request"].GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
