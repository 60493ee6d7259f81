"""Traditional characters in simplified ones, as the engine reads a query (OpenCC,
the project's own Python binding). This module is OpenCC's only importer; it loads
its dictionaries on first use."""

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


def load() -> None:
    """Load OpenCC's dictionaries now: every query in Chinese characters uses them."""
    _converter()
