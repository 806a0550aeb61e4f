from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "hearth.recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401 - register the points and badges consumers
            badges,
            notifications,  # noqa: F401  (says whom its events concern)
            points,
            services,  # noqa: F401  (registers its erasure step)
        )
