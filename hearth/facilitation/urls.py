from django.urls import path

from . import views

app_name = "facilitation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("posts/<int:post_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("posts/<int:post_id>/experts/", views.suggest, name="experts"),
    path("meet/", views.meet, name="meet"),
    path("introduce/", views.introduce, name="introduce"),
    path("introductions/<int:intro_id>/answer/", views.answer, name="answer"),
    path("communities/<slug:slug>/pairs/", views.pairs, name="pairs"),
    path("people/<str:username>/endorse/", views.endorse, name="endorse"),
    path("expert-settings/", views.preferences, name="preferences"),
    path("hello/", views.hello, name="hello"),
]
