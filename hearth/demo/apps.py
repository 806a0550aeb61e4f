from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo company (`hearth seed`): generators that fill every app with a Tell All-like
    company. It sits above every app and nothing in production imports it."""

    name = "hearth.demo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The generators register themselves (core.registry.demo_generators).
        from . import (  # noqa: F401
            amas,
            content,
            ideas,
            identity,
            insights,
            jams,
            leavers,
            newcomers,
            personas,
            roles,
        )
