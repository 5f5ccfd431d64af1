from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("tjek-din-email/", views.check_email, name="check_email"),
    path("abonnement/<str:token>/", views.subscription, name="subscription"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
