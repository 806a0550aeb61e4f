from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hearth.notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401  (registers the consumer, gauge, jobs)
            consumers,
            metrics,
            services,  # noqa: F401  (registers its erasure step)
            tasks,
        )
