from django.urls import path

from . import views

# A community's page is composed by hearth.pages; config/urls.py assembles the namespace.

urlpatterns = [
    path("", views.community_list, name="list"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/bulk/", views.members_bulk, name="members_bulk"),
    path("<slug:slug>/members/<str:username>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/charter/", views.charter_edit, name="charter"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/mute/", views.mute, name="mute"),
    path("<slug:slug>/cover/", views.cover, name="cover"),
    path("<slug:slug>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:proposal_id>/vote/", views.proposal_vote, name="proposal_vote"),
    path("proposals/<int:proposal_id>/veto/", views.proposal_veto, name="proposal_veto"),
    path("invitations/<int:invitation_id>/decline/", views.decline, name="decline"),
    path("<slug:slug>/deliver/", views.deliver, name="deliver"),
    path("<slug:slug>/activate/", views.lifecycle, {"action": "activate"}, name="activate"),
    path("<slug:slug>/archive/", views.lifecycle, {"action": "archive"}, name="archive"),
    path("<slug:slug>/key-results/<int:result_id>/progress/", views.progress, name="progress"),
]
