"""English names for the English pages, and English queries that name a theme, a
kind of figure or a region.

Places are named in pinyin without tone marks beside their Chinese names (Henan
河南省): the proper part of the name, its administrative ending dropped since the
Chinese beside it says the level (郑州市 → Zhengzhou, 学苑街道 → Xueyuan), zone
endings in English (焦作高新区 → Jiaozuo High-tech Zone), and the few provinces
whose official English is not their pinyin (陕西 → Shaanxi). Themes have curated
English names (``Theme.name_en``), kinds of figure the English of their labels
(locale/en).

An English query that names one of them exactly (ignoring case, spaces and
apostrophes: ``grid management``, ``Henan``, ``xian``) is shown as that filter
rather than searched as text: the list uses the structured data the names stand
for, so ``Henan`` lists every case at or below 河南省, which no text search of the
Chinese cases could find. ``english_aliases`` gives the same names to the search
engine's alias layer when there is one.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.http import QueryDict
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext_lazy

from cases.caching import cached
from cases.lib.gazetteer import Division
from cases.models import CHAIN_SEPARATOR, Case, Metric, Region, Theme
from cases.search import chinese

# Zone endings kept in English: the zone is the place, not a level of it.
ZONE_ENDINGS = {
    "高新技术产业开发区": "High-tech Zone",
    "高新区": "High-tech Zone",
    "经济技术开发区": "Economic and Technological Development Zone",
    "经开区": "Economic Development Zone",
    "新区": "New Area",
}
# Township endings (Division.short_name strips the province, city and county ones).
TOWNSHIP_ENDINGS = ("街道", "镇", "乡")
# Provinces whose official English name is not their pinyin (陕西 and 山西 are both
# Shanxi in pinyin).
CONVENTIONAL_NAMES = {
    "陕西": "Shaanxi",
    "内蒙古": "Inner Mongolia",
    "香港": "Hong Kong",
    "澳门": "Macao",
}
# A syllable that starts with a vowel is set off by an apostrophe: 西安 Xi'an.
_VOWEL_START = re.compile(r"^[aoe]")
# Letters that a query and a name must share to match: ü is often typed u or v.
_NOT_A_LETTER = re.compile(r"[^a-z0-9]")

# The filters an English query can name, by list parameter, as a sentence names them.
NAMED_FILTERS = {
    "theme": pgettext_lazy("named by a query", "主题"),
    "metric_kind": pgettext_lazy("named by a query", "数据类别"),
    "region": pgettext_lazy("named by a query", "地区"),
}


@lru_cache(maxsize=50_000)
def place_name(name: str) -> str:
    """The English name of a place: 河南省 → Henan, 郑州高新区 → Zhengzhou High-tech
    Zone, 西安市 → Xi'an. A pure function of the name, so each process keeps what
    it worked out (place names are a few thousand)."""
    for ending, english in ZONE_ENDINGS.items():
        if name.endswith(ending) and len(name) > len(ending):
            return f"{_pinyin(name[: -len(ending)])} {english}"
    proper = _proper_part(name)
    return CONVENTIONAL_NAMES.get(proper) or _pinyin(proper)


def _proper_part(name: str) -> str:
    """The name without its administrative ending: 河南省 → 河南, 延边朝鲜族自治州 →
    延边, 学苑街道 → 学苑, 和县 → 和; the name itself when it is all ending."""
    short = Division(code="", name=name, level="").short_name
    if short:
        return short
    for ending in (*TOWNSHIP_ENDINGS, "省", "市", "区", "县"):
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def _pinyin(text: str) -> str:
    """Pinyin without tone marks as one word, capitalised: 嘉峪关 → Jiayuguan."""
    syllables = [syllable for syllable in chinese.pinyin(text, umlaut=True) if syllable]
    if not syllables:
        return text
    word = syllables[0] + "".join(
        f"'{s}" if _VOWEL_START.match(s) else s for s in syllables[1:]
    )
    return word[:1].upper() + word[1:]


def name_key(text: str) -> str:
    """What an English query and a name are compared by: Xi'an, xian and XIAN are
    one key; so are "Grid management" and "grid  management"."""
    folded = text.casefold().replace("ü", "u").replace("v", "u")
    return _NOT_A_LETTER.sub("", folded)


def kind_label_en(kind: str) -> str:
    with translation.override("en"):
        return str(Metric.Kind(kind).label)


def is_english() -> bool:
    return translation.get_language() == "en"


def place_html(name: str) -> SafeString:
    """A place's name as the page's language has it: on English pages its English
    name beside the Chinese (Henan 河南省), the Chinese marked as such."""
    if not is_english():
        return escape(name)
    return format_html('{} <span lang="zh-Hans">{}</span>', place_name(name), name)


def chain_html(chain: str) -> SafeString:
    """A region's chain (河南省 › 郑州市), each place named as ``place_html`` does."""
    if not is_english():
        return escape(chain)
    names = chain.split(CHAIN_SEPARATOR)
    return format_html_join(CHAIN_SEPARATOR, "{}", ((place_html(n),) for n in names))


def place_text(name: str) -> str:
    """A place's name in the page's language as plain text, for titles and labels
    that cannot mark the Chinese: Henan on English pages, 河南省 on Chinese ones."""
    return place_name(name) if is_english() else name


def english_aliases() -> dict[str, list[tuple[str, str]]]:
    """The English names of the themes, the kinds of figure and the regions with
    published cases, as (English name, what it names: a theme's slug, a kind, a
    region's id) by list parameter."""
    regions = _regions_with_cases().values_list("pk", "name")
    return {
        "theme": [
            (theme.name_en, theme.slug) for theme in Theme.objects.exclude(name_en="")
        ],
        "metric_kind": [(kind_label_en(kind), kind) for kind in Metric.Kind.values],
        "region": [(place_name(name), str(pk)) for pk, name in regions],
    }


def _regions_with_cases():
    """The regions with a published case at or below them, from one count of the
    published cases by region rolled up their paths: asking each region whether a
    case lies below it read the cases once per region (minutes in a large
    library)."""
    rolled_up = Case.objects.published().region_counts()
    return Region.objects.filter(pk__in=list(rolled_up)).order_by()


# What an English name can look like: Latin letters, spaces, apostrophes, hyphens.
NAME_RE = re.compile(r"[A-Za-z][A-Za-z' -]*")


@dataclass(frozen=True)
class NamedFilter:
    parameter: str  # theme, metric_kind or region
    value: str  # a theme's slug, a kind, a region's id


def _named_filters() -> dict[str, NamedFilter]:
    """Each English name's key and the filter it names, cached until content
    changes. A key two regions share names the shallower (Jilin: the province
    吉林省, not the city 吉林市); two at one depth, or a region and a theme, name
    nothing: such a query is searched as text."""
    depths = dict(_regions_with_cases().values_list("pk", "depth"))
    found: dict[str, list[NamedFilter]] = {}
    for parameter, names in english_aliases().items():
        for name, value in names:
            found.setdefault(name_key(name), []).append(NamedFilter(parameter, value))
    named = {}
    for key, filters in found.items():
        if len(filters) > 1 and all(f.parameter == "region" for f in filters):
            filters.sort(key=lambda f: depths[int(f.value)])
            if depths[int(filters[0].value)] == depths[int(filters[1].value)]:
                continue
        elif len(filters) > 1:
            continue
        named[key] = filters[0]
    return named


def named_filter(query: str) -> NamedFilter | None:
    """The filter an English query names, or None (a quoted query is searched as
    written: the list page links one to search the text instead)."""
    key = name_key(query)
    if not key or not NAME_RE.fullmatch(query.strip()):
        return None  # quoted, or with digits or signs no name holds
    return cached("english-names", (), _named_filters).get(key)


def query_as_filter(parameters: QueryDict) -> QueryDict | None:
    """The case list's ``parameters`` with a query that names a theme, a kind of
    figure or a region turned into that filter, the query kept as ``named`` for the
    page to say so; None when the query names none or that filter is already set."""
    query = parameters.get("q", "")
    found = named_filter(query)
    if found is None or parameters.get(found.parameter):
        return None
    rewritten = parameters.copy()
    del rewritten["q"]
    rewritten.pop("page", None)
    rewritten[found.parameter] = found.value
    rewritten["named"] = query.strip()
    return rewritten


@dataclass(frozen=True)
class ShownByName:
    """A filter the list shows because the query named it."""

    what: str  # theme, kind of figure or region
    query: str
    text_search: QueryDict  # the list's parameters with the query searched as text


def shown_by_name(parameters: QueryDict) -> ShownByName | None:
    """What the list shows because its query ``named`` a filter that is still set
    (``named`` in ``parameters``), or None."""
    query = parameters.get("named", "")
    found = named_filter(query)
    if found is None or parameters.get(found.parameter) != found.value:
        return None
    text_search = parameters.copy()
    for name in (found.parameter, "named", "page"):
        text_search.pop(name, None)
    text_search["q"] = f'"{query}"'  # quoted: searched as written, never named
    return ShownByName(NAMED_FILTERS[found.parameter], query, text_search)
