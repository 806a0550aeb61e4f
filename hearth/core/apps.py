from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Hearth core"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the periodic event dispatcher)
