from django.apps import AppConfig


class ProvisioningConfig(AppConfig):
    """Provisioning: the company's identity provider keeps Hearth's people and departments in
    step over SCIM 2.0, as the HR import does from a file."""

    name = "hearth.provisioning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import audit, exports, menu  # noqa: F401
