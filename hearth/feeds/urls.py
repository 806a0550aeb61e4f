from django.urls import path

from . import views

# A topic's page is composed by hearth.pages; config/urls.py assembles the `feeds` namespace.

urlpatterns = [
    path("feed/new/", views.new_count, name="new_count"),
    path("discover/", views.discover, name="discover"),
    path("topics/<str:name>/follow/", views.follow_topic, name="follow_topic"),
    path("follow/people/<str:username>/", views.follow_person, name="follow_person"),
    path("follow/communities/<slug:slug>/", views.follow_community, name="follow_community"),
    path("people/<str:username>/activity/", views.activity, name="activity"),
    path(
        "people/<str:username>/followers/", views.people, {"which": "followers"}, name="followers"
    ),
    path(
        "people/<str:username>/following/", views.people, {"which": "following"}, name="following"
    ),
]
