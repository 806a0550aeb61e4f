from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.upcoming, {"section": "communities"}, name="communities"),
    path("jams/", views.upcoming, {"section": "jams"}, name="jams"),
    path("insights/", views.upcoming, {"section": "insights"}, name="insights"),
    path("search/", views.search, name="search"),
    path("notifications/", views.upcoming, {"section": "notifications"}, name="notifications"),
]
