from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "hearth.people"
    label = "people"
    verbose_name = "People"
