from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hearth.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Each module registers what the app brings to the hubs (core.registry, core.events).
        from . import (  # noqa: F401
            audit,
            exports,
            menu,
        )
