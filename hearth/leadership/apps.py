from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "hearth.leadership"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            notifications,  # noqa: F401  (says whom its events concern)
            selectors,  # noqa: F401  (adds the leadership corner to home feeds)
            services,  # noqa: F401  (registers its erasure step)
        )
