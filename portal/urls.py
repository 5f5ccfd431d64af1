from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("viden/", views.knowledge, name="knowledge"),
    path("soeg/", views.search, name="search"),
    path("om/", views.about, name="about"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("privatliv/", views.privacy, name="privacy"),
]
