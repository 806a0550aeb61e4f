from django.urls import path

from . import views

# Under /moderation/ with trust's pages, in one `trust:` namespace (see config/urls.py).
urlpatterns = [
    path("", views.queue, name="queue"),
    path("report/", views.report_new, name="report"),
    path("reports/", views.my_reports, name="my_reports"),
    path("reports/<int:report_id>/", views.review, name="review"),
    path("mine/", views.mine, name="mine"),
    path("actions/<int:action_id>/appeal/", views.appeal_new, name="appeal"),
    path("appeals/<int:appeal_id>/", views.appeal_decide, name="appeal_decide"),
    path("reveals/", views.reveals, name="reveals"),
    path("reveals/new/", views.reveal_new, name="reveal_new"),
    path("reveals/<int:request_id>/", views.reveal, name="reveal"),
    path("filters/", views.filters, name="filters"),
    path("filters/<int:filter_id>/delete/", views.filter_delete, name="filter_delete"),
]
