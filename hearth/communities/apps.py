from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "hearth.communities"
    default_auto_field = "django.db.models.BigAutoField"
