"""Public pages, one module per area; urls.py imports them from here."""

from cases.views.pages import (
    article_detail,
    home,
    initiative_detail,
    initiative_list,
    practice_detail,
    region_detail,
    region_index,
    theme_detail,
)

__all__ = [
    "article_detail",
    "home",
    "initiative_detail",
    "initiative_list",
    "practice_detail",
    "region_detail",
    "region_index",
    "theme_detail",
]
