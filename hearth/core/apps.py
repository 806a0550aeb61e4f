from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Hearth core"

    def ready(self) -> None:
        from . import pdf, tasks  # noqa: F401  (the PDF fonts check; the event dispatcher)
