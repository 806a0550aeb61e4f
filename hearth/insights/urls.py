from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("me/", views.mine, name="mine"),
    path("me/named/", views.named, name="named"),
    path("influencers/", views.influencers, name="influencers"),
    path("personas/", views.personas, name="personas"),
    path("communities/", views.communities, name="communities"),
    path("leaders/", views.leaders, name="leaders"),
    path("report/", views.value_report, name="report"),
]
