from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "hearth.insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import selectors, services  # noqa: F401  (its suggestions and erasure step)
