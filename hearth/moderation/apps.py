from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hearth.moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (what it puts in the audit log)
            notifications,  # noqa: F401  (says whom its events concern)
            services,  # noqa: F401  (files the report of content a filter holds)
        )
