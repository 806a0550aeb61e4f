from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Webhooks: other systems hear what happens in Hearth, signed, from the event log."""

    name = "hearth.webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (  # noqa: F401
            audit,
            exports,
            menu,
            notifications,
            services,
            tasks,
        )
