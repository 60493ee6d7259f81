from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "治理案例"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, as Django asks: they need the models loaded.
        from cases import search, signals
        from cases.indexing import CaseDocuments

        signals.connect()
        search.register(CaseDocuments())
