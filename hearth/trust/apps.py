from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "hearth.trust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            audit,
            services,  # noqa: F401  (registers its erasure step)
        )

        audit.connect()
