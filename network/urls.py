from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("opret/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/kontakt/", views.contact, name="contact"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/skjul/", views.toggle_hidden, name="toggle_hidden"),
    path("<int:pk>/slet/", views.delete, name="delete"),
]
