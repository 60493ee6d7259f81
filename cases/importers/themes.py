"""Themes from the curated taxonomy for a new article: by the theme's own words
found in the article, and by the themes of the published cases most like it, found
through the article's keywords (jieba's TF-IDF extraction)."""

from collections import Counter

from django.db.models import Q

from cases.models import Case, Theme
from cases.search import tokenizer

KEYWORDS = 12
CANDIDATES = 200
SIMILAR_CASES = 5
MOST_THEMES = 4
MIN_SCORE = 0.15
# Words of theme descriptions that every report uses: they tell no theme apart.
GENERIC_TERMS = set(
    """服务 治理 社区 建设 基层 工作 群众 居民 党建 组织 发展 提供 手段 机制 平台
    队伍 常态化 活动 作用""".split()
)


def propose_themes(text: str) -> list[str]:
    """Up to four theme names, best first."""
    scores: Counter = Counter()
    for theme in Theme.objects.all():
        terms = _words(f"{theme.name} {theme.description}") - GENERIC_TERMS
        found = sum(1 for term in terms if term in text)
        scores[theme.name] += min(found, 3) / 3
    for name, share in _themes_of_similar_cases(text).items():
        scores[name] += share
    return [
        name for name, score in scores.most_common(MOST_THEMES) if score >= MIN_SCORE
    ]


def _themes_of_similar_cases(text: str) -> dict[str, float]:
    """Each theme's share of the most similar published cases, weighted by how
    many of the article's keywords each case's title and summary hold."""
    keywords = article_keywords(text)
    if not keywords:
        return {}
    matching = Q()
    for word, _ in keywords:
        matching |= Q(title__contains=word) | Q(summary__contains=word)
    candidates = (
        Case.objects.published()
        .filter(matching)
        .order_by("-pk")
        .values_list("pk", "title", "summary")[:CANDIDATES]
    )
    similarity = {
        pk: sum(weight for word, weight in keywords if word in f"{title}{summary}")
        for pk, title, summary in candidates
    }
    best = sorted(similarity, key=similarity.get, reverse=True)[:SIMILAR_CASES]
    total = sum(similarity[pk] for pk in best)
    if not total:
        return {}
    shares: Counter = Counter()
    links = Case.themes.through.objects.filter(case__in=best)
    for case_id, name in links.values_list("case", "theme__name"):
        shares[name] += similarity[case_id] / total
    return dict(shares)


def article_keywords(text: str) -> list[tuple[str, float]]:
    """The article's most telling words with their weights."""
    return [
        (word, weight)
        for word, weight in tokenizer.keywords(text, KEYWORDS)
        if len(word) >= 2 and not any(char.isdigit() for char in word)
    ]


def _words(text: str) -> set[str]:
    return {word for word in tokenizer.jieba().lcut(text) if len(word) >= 2}
