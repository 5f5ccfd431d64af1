from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from portal import views
from portal.feeds import AtomNewsFeed, NewsFeed
from portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("viden/", views.knowledge, name="knowledge"),
    path("viden/tema/<slug:slug>/", views.theme, name="theme"),
    path("viden/start/<slug:slug>/", views.start_here, name="start_here"),
    path("viden/forhaandsvisning/<int:pk>/", views.article_preview, name="article_preview"),
    path("viden/billede/<int:pk>/<int:width>/", views.hero_image, name="hero_image"),
    path("viden/<slug:slug>/", views.article, name="article"),
    path("soeg/", views.search, name="search"),
    path("om/", views.about, name="about"),
    path("om/historie/", views.history, name="history"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("privatliv/", views.privacy, name="privacy"),
    path("feeds/nyheder/", NewsFeed(), name="news_feed"),
    path("feeds/nyheder/atom/", AtomNewsFeed(), name="news_feed_atom"),
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
