"""The Atom feed of newly published cases, each dated by its source articles."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cases.models import Case, SourceArticle

FEED_SIZE = 30


class LatestCasesFeed(Feed):
    feed_type = Atom1Feed
    title = "治理案例库 · 最新案例"
    subtitle = "新发布的基层治理实践案例：做法、地点、成效数据与原文出处。"
    link = reverse_lazy("cases:case-list")

    def items(self):
        newest_source = (
            SourceArticle.objects.filter(cases=OuterRef("pk"))
            .exclude(published_on=None)
            .order_by("-published_on")
            .values("published_on")[:1]
        )
        return (
            Case.objects.published()
            .select_related("region")
            .annotate(source_published_on=Subquery(newest_source))
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)  # Atom marks the summary as HTML; ours is text

    def item_pubdate(self, item):
        """When its newest source article was published; none when no source says
        (the date it was added here is not when the practice was reported)."""
        published = item.source_published_on
        if published is None:
            return None
        return timezone.make_aware(datetime.combine(published, time.min))

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return item.region.chain_names
