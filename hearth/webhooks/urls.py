from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhooks, name="list"),
    path("<int:webhook_id>/", views.detail, name="detail"),
    path("<int:webhook_id>/deliveries/", views.deliveries, name="deliveries"),
    path("<int:webhook_id>/test/", views.test, name="test"),
    path("<int:webhook_id>/active/", views.active, name="active"),
    path("<int:webhook_id>/delete/", views.delete, name="delete"),
]
