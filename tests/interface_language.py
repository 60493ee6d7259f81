"""What an English page shows in Chinese outside the content marked as Chinese.

Every Chinese text an English page shows is content (a case's title, a place's
Chinese name, a quote) and is marked ``lang="zh-Hans"``, as screen readers need it
to be; anything Chinese outside such an element is interface text that lacks its
translation. Reads the body's text and the attributes a reader meets (placeholder,
alt, aria-label), skipping scripts and styles."""

import re
from html.parser import HTMLParser

# Han characters and the CJK and full-width punctuation (，：“）) that Chinese
# interface text carries even where its words are translated.
CHINESE = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
READ_ATTRIBUTES = ("placeholder", "alt", "aria-label")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _InterfaceText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside Chinese content)
        self.in_body = False
        self.found: list[str] = []

    @property
    def marked(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_body = True
        lang = attrs.get("lang")
        marked = self.marked if lang is None else lang.lower().startswith("zh")
        if self.in_body and not marked:
            for name in READ_ATTRIBUTES:
                if CHINESE.search(attrs.get(name) or ""):
                    self.found.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag not in VOID:
            self.stack.append((tag, marked or tag in ("script", "style")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self.in_body and not self.marked and CHINESE.search(data):
            self.found.append(data.strip())


def chinese_interface_text(html: str) -> list[str]:
    """The pieces of ``html``'s body in Chinese outside elements marked Chinese."""
    parser = _InterfaceText()
    parser.feed(html)
    return parser.found
