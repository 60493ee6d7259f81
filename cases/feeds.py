"""The Atom feed of newly published cases."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cases.models import Case

FEED_SIZE = 30


class LatestCasesFeed(Feed):
    feed_type = Atom1Feed
    title = "治理案例库 · 最新案例"
    subtitle = "新发布的基层治理实践案例：做法、地点、成效数据与原文出处。"
    link = reverse_lazy("cases:case-list")

    def items(self):
        return (
            Case.objects.published()
            .select_related("region")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)  # Atom marks the summary as HTML; ours is text

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return item.region.chain_names
