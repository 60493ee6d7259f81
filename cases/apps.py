from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "治理案例"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases import signals
        from cases.search import signals as search_signals

        signals.connect()
        search_signals.connect()
