from django.apps import AppConfig
from django.conf import settings


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "治理案例"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, as Django asks: they need the models loaded.
        from cases import english, search, signals
        from cases.indexing import CaseDocuments

        signals.connect()
        search.register(CaseDocuments())
        # With jieba's (cases.search), before a preforking server forks its workers,
        # which then share it.
        if settings.SEARCH_PRELOAD:
            english.load_pinyin()
