from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "hearth.live"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import services, tasks  # noqa: F401  (the event recorder, the clean-up job)
