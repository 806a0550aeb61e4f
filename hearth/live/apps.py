from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "hearth.live"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the clean-up job)
