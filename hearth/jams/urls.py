from django.urls import path

from . import views

app_name = "jams"
urlpatterns = [
    path("", views.jam_list, name="list"),
    path("new/", views.jam_new, name="new"),
    path("<slug:slug>/", views.jam_detail, name="detail"),
    path("<slug:slug>/edit/", views.jam_edit, name="edit"),
    path("<slug:slug>/remind/", views.remind, name="remind"),
    path("<slug:slug>/themes/<int:theme_id>/", views.theme, name="theme"),
    path("<slug:slug>/alerts/", views.alerts, name="alerts"),
    path("<slug:slug>/ask-the-host/", views.host_thread, name="host_thread"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report.csv", views.report_csv, name="report_csv"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/report/publish/", views.publish, name="publish"),
    path("<slug:slug>/follow-up-community/", views.follow_up_community, name="follow_up_community"),
    path("<slug:slug>/contributions/<int:post_id>/spotlight/", views.spotlight, name="spotlight"),
    path("<slug:slug>/contributions/<int:post_id>/merge/", views.merge, name="merge"),
    path("<slug:slug>/contributions/<int:post_id>/tag/", views.tag, name="tag"),
    path("<slug:slug>/contributions/<int:post_id>/follow-up/", views.follow_up, name="follow_up"),
]
