from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "hearth.trust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit

        audit.connect()
