from django.apps import AppConfig
from django.conf import settings

from cases.search import chinese, tokenizer


class SearchConfig(AppConfig):
    """The search engine, an app of its own inside cases (as wagtail.search sits in
    Wagtail): its index is a model with its own migrations, and it imports nothing
    of the product; the product registers what to index (``search.register``)."""

    name = "cases.search"
    label = "search"
    verbose_name = "搜索索引"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A server that forks its workers after loading the app (gunicorn --preload)
        # loads jieba's and OpenCC's dictionaries once, before forking: the workers
        # share them. pypinyin's, larger, loads when a query first needs it.
        if settings.SEARCH_PRELOAD:
            tokenizer.load_dictionary()
            chinese.load()
