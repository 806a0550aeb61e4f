from django.urls import path

from . import views

# The directory and the person page are composed by hearth.pages; config/urls.py assembles the
# `people` namespace from both.

urlpatterns = [
    path("org/", views.org_chart, name="org"),
    path("import/", views.org_import_view, name="import"),
    path("me/edit/", views.profile_edit, name="edit"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/apps/", views.apps, name="apps"),
    path("me/apps/<int:application_id>/revoke/", views.app_revoke, name="app_revoke"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("<str:username>/avatar/", views.avatar, name="avatar"),
    path("<str:username>/leader/", views.leader_view, name="leader"),
]
