from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "hearth.ideas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each module registers what the app brings to the hubs (core.registry, core.events).
        from . import (  # noqa: F401
            exports,
            menu,
            notifications,
            selectors,
            views,
        )
