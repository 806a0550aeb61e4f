from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The composition layer: pages and page furniture that gather many apps (the navigation
    context, home, a person's profile). It sits above the feature apps, so they never need to
    import each other to fill a page."""

    name = "hearth.pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each module registers what the app brings to the hubs (core.registry, core.events).
        from . import (  # noqa: F401
            menu,
        )
