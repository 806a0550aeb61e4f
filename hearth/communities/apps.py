from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "hearth.communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (what it puts in the audit log)
            notifications,  # noqa: F401  (says whom its events concern)
        )
