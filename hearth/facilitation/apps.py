from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "hearth.facilitation"
    default_auto_field = "django.db.models.BigAutoField"
