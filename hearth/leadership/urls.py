from django.urls import path

from . import views

app_name = "leadership"
urlpatterns = [
    path("", views.corner, name="corner"),
    path("follow/", views.follow, name="follow"),
    path("delegation/", views.delegation, name="delegation"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/<int:draft_id>/", views.draft, name="draft"),
]
