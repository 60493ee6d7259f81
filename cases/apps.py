from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "治理案例"
    default_auto_field = "django.db.models.BigAutoField"
