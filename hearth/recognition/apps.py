from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "hearth.recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401 - register the points and badges consumers
            badges,
            points,
            services,  # noqa: F401  (registers its erasure step)
        )
