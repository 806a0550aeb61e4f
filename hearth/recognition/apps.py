from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "hearth.recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each module registers what the app brings to the hubs (core.registry, core.events).
        from . import (  # noqa: F401
            audit,
            badges,
            exports,
            menu,
            notifications,
            points,
            services,
        )
