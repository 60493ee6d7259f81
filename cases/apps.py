from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "治理案例"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases.search import signals

        signals.connect()
