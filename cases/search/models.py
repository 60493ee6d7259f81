from django.db import models


class IndexEntry(models.Model):
    """One case as the search engine holds it.

    The case's text is kept by the engine itself, tokenized in three columns of
    decreasing weight (names, places, body): an FTS5 table beside this one on
    SQLite, a weighted tsvector column of this table on PostgreSQL (both made by this
    app's migration and written only by the backends). This row keeps what searches
    filter, order and count by without reading the case: copies of the case's
    ``status`` and ``published_at`` (refreshed by database triggers whenever the
    case changes them, however it is updated) and its facet keys.
    """

    case = models.OneToOneField(
        "cases.Case",
        models.CASCADE,
        primary_key=True,
        related_name="search_entry",
        verbose_name="案例",
    )
    status = models.CharField("状态", max_length=16)
    published_at = models.DateTimeField("发布时间", null=True)
    # What a search's facet counts read: one key per theme, practice and kind of
    # figure, written by the product's documents ("t3 p41 krate").
    facets = models.TextField("分面键", blank=True)

    class Meta:
        verbose_name = "索引条目"
        verbose_name_plural = "索引条目"
        indexes = [
            # The newest entries of a status: where most cases hold a query's words,
            # PostgreSQL walks this instead of gathering every holder from GIN.
            models.Index(
                fields=["status", "-published_at", "-case"], name="search_entry_newest"
            ),
        ]

    def __str__(self):
        return f"index entry {self.case_id}"
