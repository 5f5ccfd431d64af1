from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.index, name="index"),
    path("henvendelse/", views.ask, name="ask"),
    path("henvendelse/tjek/", views.check, name="check"),
    path("henvendelse/kvittering/", views.receipt, name="receipt"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("mine/", views.mine, name="mine"),
    path("mine/<str:reference>/", views.open_mine, name="open_mine"),
    path("mine/<str:reference>/bilag/<int:pk>/", views.my_attachment, name="my_attachment"),
    path("sag/<str:token>/", views.case, name="case"),
    path("sag/<str:token>/vurdering/", views.rate, name="rate"),
    path("sag/<str:token>/bilag/<int:pk>/", views.attachment, name="attachment"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/csv/", views.statistics_csv, name="statistics_csv"),
]
