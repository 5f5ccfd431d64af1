"""News as RSS 2.0 and Atom, in the active language."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from portal.models import ArticleType
from portal.selectors import readable_articles

FEED_SIZE = 20


class NewsFeed(Feed):
    title = _("Nyheder fra Vækstcenter for socialøkonomiske virksomheder")
    description = _("De seneste nyheder om socialøkonomiske virksomheder.")

    def link(self):
        return reverse("portal:knowledge") + "?type=news"

    def items(self):
        return (
            readable_articles()
            .filter(type=ArticleType.NEWS)
            .only(
                "title",
                "slug",
                "summary",
                "language",
                "publish_at",
                "last_substantive_change",
                "author",
            )[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.last_substantive_change

    def item_author_name(self, item):
        return item.author or None


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
