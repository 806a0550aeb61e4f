from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hearth.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (what its changes put in the audit log)
