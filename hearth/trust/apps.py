from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "hearth.trust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            audit,
            notifications,  # noqa: F401  (says whom its events concern)
            services,  # noqa: F401  (registers its erasure step)
        )

        audit.connect()
