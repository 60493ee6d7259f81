"""Public pages, one module per area; urls.py imports them from here."""

from cases.views.compare import compare
from cases.views.exports import case_export, metric_export
from cases.views.meta import favicon, robots_txt, security_txt
from cases.views.pages import (
    article_detail,
    case_detail,
    case_list,
    home,
    practice_detail,
    region_detail,
    region_figures,
    region_index,
    theme_detail,
)

__all__ = [
    "article_detail",
    "case_export",
    "compare",
    "favicon",
    "metric_export",
    "robots_txt",
    "security_txt",
    "home",
    "case_detail",
    "case_list",
    "practice_detail",
    "region_detail",
    "region_figures",
    "region_index",
    "theme_detail",
]
