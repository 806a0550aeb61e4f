from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "hearth.recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import points  # noqa: F401 - registers the points consumer
