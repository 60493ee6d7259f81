"""References in GB/T 7714-2015 form for a case page: each source article, then
the page itself.

Every source is cited as read online, where the archive keeps its text as
published (its own address when its origin is one), so the entry takes the online
carrier (/OL), the date cited and the address:
    主要责任者. 题名[N/OL]. 报纸名, 出版日期[引用日期]. 获取和访问路径.
    主要责任者. 题名[EB/OL]. 出版者, 出版年(更新或修改日期)[引用日期]. 获取和访问路径.
An author the article does not name is left out (the standard allows it in a
numbered list); a publisher or date it does not give is written [出版者不详] or
[出版日期不详], never guessed.
"""

from collections.abc import Callable
from datetime import date

from django.utils import timezone

from cases.models import Case, SourceArticle

LIBRARY = "治理案例库"
TYPE_CODES = {  # 文献类型标识: N 报纸, J 期刊, EB 电子公告 (web pages); Z 其他
    SourceArticle.Medium.NEWSPAPER: "N",
    SourceArticle.Medium.JOURNAL: "J",
    SourceArticle.Medium.WEB: "EB",
}


def case_citations(case: Case, absolute: Callable[[str], str]) -> list[str]:
    """The references of ``case``'s sources, then of its page; ``absolute`` makes a
    path an absolute URL."""
    today = timezone.localdate()
    lines = [
        article_citation(
            article, article.origin_url or absolute(article.get_absolute_url()), today
        )
        for article in case.sources.all()
    ]
    updated = timezone.localdate(case.updated_at).isoformat()
    lines.append(
        f"{LIBRARY}. {case.title}[EB/OL]. ({updated})[{today.isoformat()}]. "
        f"{absolute(case.get_absolute_url())}."
    )
    return lines


def article_citation(article: SourceArticle, url: str, today: date) -> str:
    code = TYPE_CODES.get(article.medium, "Z")
    author = f"{article.author}. " if article.author else ""
    publisher = article.publication or "[出版者不详]"
    published = article.published_on
    if published is None:
        when = "[出版日期不详]"
    elif code == "EB":  # 出版年(更新或修改日期)
        when = f"{published.year}({published.isoformat()})"
    else:
        when = published.isoformat()
    return (
        f"{author}{article.title}[{code}/OL]. {publisher}, {when}"
        f"[{today.isoformat()}]. {url}."
    )
