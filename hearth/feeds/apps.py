from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "hearth.feeds"
    default_auto_field = "django.db.models.BigAutoField"
