from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hearth.notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import consumers, metrics, tasks  # noqa: F401  (registers the consumer, gauge, jobs)
