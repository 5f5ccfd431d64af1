from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine-data/", views.export_data, name="export"),
    path("slet/", views.erase, name="erase"),
]
