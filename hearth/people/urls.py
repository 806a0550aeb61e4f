from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("org/", views.org_chart, name="org"),
    path("import/", views.org_import_view, name="import"),
    path("me/edit/", views.profile_edit, name="edit"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("<str:username>/", views.detail, name="detail"),
    path("<str:username>/avatar/", views.avatar, name="avatar"),
    path("<str:username>/leader/", views.leader_view, name="leader"),
]
