from django.urls import URLPattern, URLResolver

"""Routes of the shell; the pages of each capability live in their own app."""

urlpatterns: list[URLPattern | URLResolver] = []
