from django.apps import AppConfig


class JamsConfig(AppConfig):
    name = "hearth.jams"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            notifications,  # noqa: F401  (says whom its events concern)
            services,  # noqa: F401  (registers its erasure step)
        )
