from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("tidligere/", views.archive, name="archive"),
    path("kalender.ics", views.calendar_feed, name="feed"),
    path("tilmelding/<str:token>/", views.registration, name="registration"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/kalender.ics", views.event_ics, name="ics"),
    path("<slug:slug>/tjek-din-email/", views.check_email, name="check_email"),
    path("<slug:slug>/send-link-igen/", views.resend_link, name="resend_link"),
]
