from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.ideas_list, name="list"),
    path("in/<slug:slug>/", views.community_ideas, name="community"),
    path("<int:post_id>/status/", views.status_set, name="status"),
]
