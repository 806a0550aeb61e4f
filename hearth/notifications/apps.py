from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hearth.notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each module registers what the app brings to the hubs (core.registry, core.events).
        from . import (  # noqa: F401
            consumers,
            exports,
            menu,
            metrics,
            services,
            tasks,
        )
