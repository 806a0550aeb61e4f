from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "hearth.conversations"
    default_auto_field = "django.db.models.BigAutoField"
