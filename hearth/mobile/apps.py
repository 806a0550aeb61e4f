from django.apps import AppConfig


class MobileConfig(AppConfig):
    name = "hearth.mobile"
    label = "mobile"
    verbose_name = "Installable app"

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the offline pages' recorder)
