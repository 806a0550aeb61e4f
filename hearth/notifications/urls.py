from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("count/", views.count, name="count"),
    path("read/", views.read_all, name="read_all"),
    path("<int:notification_id>/", views.open_one, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("push/", views.push_devices, name="push"),
    path("push/<int:device_id>/", views.push_device, name="push_device"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
