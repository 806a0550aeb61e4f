from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "hearth.feeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers its erasure step)
