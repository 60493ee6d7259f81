"""A draft's title and summary, in the library's style and from the article's own
words: "北街(中街)街道：“红管家”聚焦小切口激发社区治理大动能"."""

import re

from cases.importers.proposal import ArticleText, ProposedPlace

BYLINE_RE = re.compile(r"来源|发布时间|发表时间|记者|通讯员|作者|编辑")
SUMMARY_CHARS = 200
TITLE_CHARS = 200
# The kind of thing a practice is, when the text writes it right after the name.
KINDS_AFTER_NAMES = (
    "志愿服务队",
    "服务队",
    "工作法",
    "工作室",
    "机制",
    "模式",
    "品牌",
    "驿站",
    "平台",
    "行动",
    "工程",
    "项目",
    "超市",
)


def place_label(place: ProposedPlace) -> str:
    """惠农区北街(中街)街道 for a street (its county first), 萧山区 for a county."""
    names = [node.name for node in place.chain]
    levels = [node.level for node in place.chain]
    if levels[-1] == "township" and len(names) > 1:
        return f"{names[-2]}{names[-1]}"
    return names[-1]


def draft_title(place: ProposedPlace, article: ArticleText, headline: str) -> str:
    """The place, a colon and what it did: the article's headline if it has one,
    else its first practice with the kind the text gives it."""
    label = place_label(place)
    if not headline and place.practices:
        headline = _practice_with_kind(article.flat, place.practices[0])
    if not headline:
        headline = "党建引领基层治理实践"
    headline = headline.strip()
    if headline.startswith(place.name) or headline.startswith(label):
        return headline[:TITLE_CHARS]
    return f"{label}：{headline}"[:TITLE_CHARS]


def draft_summary(place: ProposedPlace, article: ArticleText) -> str:
    """The article's own sentences, from the first about the place or its
    practices, as they follow each other."""
    names = [place.name, *place.practices[:3], *(c for c, _ in place.communities)]
    chosen: list[str] = []
    for start, end in _sentences(article):
        sentence = article.flat[start:end]
        if sentence[-1] not in "。！？!?" or BYLINE_RE.search(sentence):
            continue  # a headline, a byline or a caption: not the article's prose
        if not chosen and (
            len(sentence) < 12 or not any(name in sentence for name in names)
        ):
            continue
        if chosen and len("".join(chosen)) + end - start > SUMMARY_CHARS:
            break
        chosen.append(article.original(start, end))
    summary = "".join(chosen)
    return summary[:SUMMARY_CHARS] if summary else place.chain_text


def _sentences(article: ArticleText) -> list[tuple[int, int]]:
    """Sentences of the flat text; a paragraph's start (after a headline or a
    byline line) also begins one."""
    breaks = article.paragraph_starts()
    spans, start = [], 0
    for i, char in enumerate(article.flat):
        if i in breaks and i > start:
            spans.append((start, i))
            start = i
        if char in "。！？!?":
            spans.append((start, i + 1))
            start = i + 1
    if start < len(article.flat):
        spans.append((start, len(article.flat)))
    return spans


def _practice_with_kind(flat: str, practice: str) -> str:
    """“红管家”志愿服务队 where the text writes the kind after the name."""
    at = flat.find(f"“{practice}”")
    if at >= 0:
        after = flat[at + len(practice) + 2 :]
        for kind in KINDS_AFTER_NAMES:
            if after.startswith(kind):
                return f"“{practice}”{kind}"
    return f"“{practice}”"
