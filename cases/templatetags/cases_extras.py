import re

from django import template
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from cases import english

register = template.Library()
# The site's languages as pages name them: a language tag, and the language's own
# name for the switch.
PAGE_LANGUAGES = {"zh-hans": ("zh-Hans", "中文"), "en": ("en", "English")}

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


@register.filter
def quoted(words: list[str]) -> str:
    """Each word in quotation marks: “网格”“调解” (“grid”, “mediation” in English)."""
    separator = ", " if english.is_english() else ""
    return separator.join(f"“{word}”" for word in words)


@register.simple_tag(takes_context=True)
def query_without(context, *names: str) -> str:
    """The current query string without ``names`` (and without the page)."""
    query = context["request"].GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


# A place's name as the page's language has it (cases.english).
register.filter("place", english.place_html)
register.filter("place_chain", english.chain_html)
register.filter("place_text", english.place_text)


@register.simple_tag(takes_context=True)
def page_languages(context) -> list[dict]:
    """This page in each language: its language tag, the language's name, the
    absolute address and whether it is the page shown. A page that no URL names (a
    404) has each language's home instead; one rendered without its request (the
    CSRF failure page) has none."""
    request = context.get("request")
    if request is None:
        return []
    path = request.get_full_path()
    try:
        resolve(request.path_info)
    except Resolver404:
        path = None
    current = get_language()
    versions = []
    for code, (tag, name) in PAGE_LANGUAGES.items():
        if path is None:
            with override(code):
                url = reverse("cases:home")
        else:
            url = translate_url(path, code)
        versions.append(
            {
                "tag": tag,
                "name": name,
                "url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return versions
