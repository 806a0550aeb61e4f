from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("purge/", views.purge, name="purge"),
    path("my-data/", views.mine, name="mine"),
    path("my-data/<int:export_id>/download/", views.download, name="download"),
    path("people/<str:username>/", views.person, name="person"),
    path("people/<str:username>/active/", views.deactivate, name="deactivate"),
]
