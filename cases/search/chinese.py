"""Two readings of Chinese text the engine needs besides its tokens: traditional
characters in simplified ones (OpenCC, the project's own Python binding), and the
pinyin of a name (pypinyin). This module is the only importer of either; each loads
its dictionaries on first use, pypinyin's being large."""

from functools import cache

# OpenCC's traditional-to-simplified conversion: phrases first (乾隆 stays, 乾淨 →
# 干净), then characters.
TO_SIMPLIFIED = "t2s.json"


@cache
def _converter():
    import opencc

    return opencc.OpenCC(TO_SIMPLIFIED)


def simplified(text: str) -> str:
    """``text`` in simplified characters (網格化管理 → 网格化管理); text already in
    simplified characters, Latin letters and digits come back as they were."""
    if text.isascii():
        return text
    return _converter().convert(text)


@cache
def _lazy_pinyin():
    from pypinyin import lazy_pinyin

    return lazy_pinyin


def pinyin(text: str, umlaut: bool = False) -> list[str]:
    """Each character's pinyin without tone marks, ü written v (绿 → lv) unless
    ``umlaut`` (lü, for reading), read in context (长者 → zhang zhe, 重庆 → chong
    qing); "" for a character that is not Chinese. One item per character of
    ``text``."""
    syllables = _lazy_pinyin()(
        text, errors=lambda chunk: [""] * len(chunk), v_to_u=umlaut
    )
    # pypinyin gives one item per character with this ``errors``; should a
    # character ever come out otherwise, the name has no pinyin rather than a wrong
    # one.
    return syllables if len(syllables) == len(text) else [""] * len(text)


def load() -> None:
    """Load OpenCC's dictionaries now (every query in Chinese characters uses them)
    and pypinyin's (large; English pages name every place by them)."""
    _converter()
    pinyin("河南")
