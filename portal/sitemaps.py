from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from geography.models import Municipality
from portal.models import Article, Theme


class ArticleSitemap(Sitemap):
    """Every readable article in both languages (each article knows its own address)."""

    limit = 10_000

    def items(self):
        return Article.objects.published().only("slug", "language", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ThemeSitemap(Sitemap):
    def items(self):
        return Theme.objects.all()


class PageSitemap(Sitemap):
    def items(self):
        return [
            "portal:home",
            "portal:knowledge",
            "portal:about",
            "portal:accessibility",
            "portal:privacy",
            "geography:index",
            "numbers:index",
        ]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(Sitemap):
    """The 98 municipalities' pages."""

    def items(self):
        return Municipality.objects.only("slug").order_by("code")


SITEMAPS = {
    "articles": ArticleSitemap,
    "themes": ThemeSitemap,
    "pages": PageSitemap,
    "municipalities": MunicipalitySitemap,
}
