from django.urls import path

from . import views

# Bookmarks are composed by hearth.pages; config/urls.py assembles the `conversations` namespace.

urlpatterns = [
    path("new/", views.compose, name="compose"),
    path("drafts/", views.drafts, name="drafts"),
    path("<int:post_id>/", views.detail, name="detail"),
    path("<int:post_id>/edit/", views.edit, name="edit"),
    path("<int:post_id>/delete/", views.delete, name="delete"),
    path("<int:post_id>/react/", views.react, name="react"),
    path("<int:post_id>/reactions/", views.reactors, name="reactors"),
    path("<int:post_id>/comment/", views.comment, name="comment"),
    path("<int:post_id>/comments/new/", views.comments_new, name="comments_new"),
    path("<int:post_id>/comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path(
        "<int:post_id>/comments/<int:comment_id>/delete/",
        views.comment_delete,
        name="comment_delete",
    ),
    path("<int:post_id>/accept/", views.accept, name="accept"),
    path("<int:post_id>/vote/", views.vote, name="vote"),
    path("<int:post_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:post_id>/bookmark/", views.bookmark, name="bookmark"),
    path("<int:post_id>/revisions/", views.revisions, name="revisions"),
    path("<int:post_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
