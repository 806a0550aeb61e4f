from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.leaderboards, name="leaderboards"),
    path("hide/", views.hide, name="hide"),
    path("me/", views.impact, name="impact"),
    path("praise/", views.praise, name="praise"),
    path("rules/", views.rules, name="rules"),
    path("badges/", views.badges, name="badges"),
    path("badges/award/<str:username>/", views.badge_award, name="badge_award"),
    path("communities/<slug:slug>/mix/", views.mix, name="mix"),
]
