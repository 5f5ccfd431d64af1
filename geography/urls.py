from django.urls import path

from geography import views

app_name = "geography"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.municipality, name="municipality"),
]
