from django.urls import include, path, re_path

from . import views

app_name = "provisioning"
# SCIM is its own protocol, with its own bearer tokens and errors (RFC 7644), under scim/v2.
scim = [
    path("", views.scim, name="scim_root"),
    re_path(r"^(?P<path>.+)$", views.scim, name="scim"),
]
urlpatterns = [
    path("provisioning/", views.clients, name="clients"),
    path("provisioning/<int:client_id>/revoke/", views.client_revoke, name="client_revoke"),
    path("scim/v2/", include(scim)),
]
