from django.urls import path

from . import views

urlpatterns = [
    path("insights/", views.upcoming, {"section": "insights"}, name="insights"),
]
