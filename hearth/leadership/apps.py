from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "hearth.leadership"
    default_auto_field = "django.db.models.BigAutoField"
