from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "hearth.recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401
            audit,  # what it puts in the audit log
            badges,  # the badges consumer
            notifications,  # says whom its events concern
            points,  # the points consumer
            services,  # registers its erasure step
        )
