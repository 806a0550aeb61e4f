from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "hearth.conversations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (what it puts in the audit log)
            notifications,  # noqa: F401  (says whom its events concern)
            services,  # noqa: F401  (registers its erasure step)
        )
