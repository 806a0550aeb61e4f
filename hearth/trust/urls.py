from django.urls import path

from . import views

# Under /moderation/ with moderation's pages, in one `trust:` namespace (see config/urls.py).
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("blocked/", views.blocked, name="blocked"),
    path("people/<str:username>/block/", views.block, name="block"),
    path("people/<str:username>/mute/", views.mute, name="mute"),
]
