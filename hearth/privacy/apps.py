from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hearth.privacy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401
            audit,
            menu,
        )
