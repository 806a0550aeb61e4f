"""The composed pages' routes. Home is the site root; the person page and the directory keep
their places in the `people` namespace, a topic's page in `feeds`, a community's page in
`communities` and bookmarks in `conversations`: config/urls.py assembles those namespaces."""

from django.urls import path

from . import views

home = path("", views.home, name="home")

people = [
    path("", views.directory, name="directory"),
    # After every fixed path of the people app (org/, import/, me/...), as before.
    path("<str:username>/", views.person, name="detail"),
]

feeds = [path("topics/<str:name>/", views.topic, name="topic")]

communities = [path("<slug:slug>/", views.community, name="detail")]

conversations = [path("bookmarks/", views.bookmarks, name="bookmarks")]
