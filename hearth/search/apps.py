from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hearth.search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import services  # noqa: F401  (the index follows the event log)
