from django.urls import path

from . import views

app_name = "leadership"
urlpatterns = [
    path("", views.corner, name="corner"),
    path("follow/", views.follow, name="follow"),
    path("delegation/", views.delegation, name="delegation"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/<int:draft_id>/", views.draft, name="draft"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("amas/", views.amas, name="amas"),
    path("amas/new/", views.ama_new, name="ama_new"),
    path("amas/<slug:slug>/", views.ama, name="ama"),
    path("amas/<slug:slug>/q/<int:question_id>/vote/", views.ama_vote, name="ama_vote"),
    path("amas/<slug:slug>/q/<int:question_id>/answer/", views.ama_answer, name="ama_answer"),
]
