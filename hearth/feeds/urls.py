from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("feed/new/", views.new_count, name="new_count"),
    path("discover/", views.discover, name="discover"),
    path("topics/<str:name>/", views.topic, name="topic"),
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
