from django.urls import path

from . import views

urlpatterns = [
    path("jams/", views.upcoming, {"section": "jams"}, name="jams"),
    path("insights/", views.upcoming, {"section": "insights"}, name="insights"),
]
