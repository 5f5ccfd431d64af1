from django.urls import path

from registry.views import numbers

app_name = "numbers"

urlpatterns = [
    path("", numbers.index, name="index"),
    path("<slug:chart>.csv", numbers.chart_csv, name="csv"),
]
