import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import conditional_page, require_GET

from accounts import roles
from accounts.staff import staff_permitted, staff_view
from core.navigation import breadcrumbs as crumbs
from portal import selectors
from portal.models import Article, Theme
from portal.page_cache import cached_for_readers

# The query parameters each cached page understands (see core.page_cache).
LIST_PARAMS = ("tema", "maalgruppe", "type", "side")


def _newest_change(articles):
    """A list's "Sidst opdateret": the latest substantive change of the articles it shows."""
    return max((article.last_substantive_change for article in articles), default=None)


@require_GET
@cached_for_readers
def home(request):
    entries = [
        ("ivaerksaetter", _("Jeg vil starte en socialøkonomisk virksomhed")),
        ("kommune", _("Jeg arbejder i en kommune")),
        ("socialoekonomisk-virksomhed", _("Vi er en socialøkonomisk virksomhed")),
    ]
    knowledge_url = reverse("portal:knowledge")
    audience_entries = [
        {"label": label, "url": f"{knowledge_url}?{urlencode({'maalgruppe': slug})}"}
        for slug, label in entries
    ]
    content = selectors.home_content()
    return render(
        request,
        "portal/home.html",
        {
            "audience_entries": audience_entries,
            "last_updated": _newest_change(content["featured_guides"] + content["latest_news"]),
            **content,
        },
    )


def _filter_links(request, facets, base_url: str) -> None:
    """Each facet value gets the URL that toggles it, keeping the other filters (page reset)."""
    for param, values in (
        ("tema", facets.themes),
        ("maalgruppe", facets.audiences),
        ("type", facets.types),
    ):
        for value in values:
            params = request.GET.copy()
            params.pop("side", None)
            if value.selected:
                params.pop(param, None)
            else:
                params[param] = value.value
            value.url = f"{base_url}?{params.urlencode()}" if params else base_url


def _page_links(request, page) -> dict:
    params = request.GET.copy()
    links = {}
    for name, number in (
        ("first", 1),
        ("previous", page.previous_page_number() if page.has_previous() else None),
        ("next", page.next_page_number() if page.has_next() else None),
        ("last", page.paginator.num_pages),
    ):
        if number:
            params["side"] = number
            links[name] = f"?{params.urlencode()}"
    numbers = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            numbers.append({"ellipsis": True})
        else:
            params["side"] = number
            numbers.append({"number": number, "url": f"?{params.urlencode()}"})
    links["numbers"] = numbers
    return links


@require_GET
@cached_for_readers(params=LIST_PARAMS)
def knowledge(request):
    filters = selectors.Filters.from_query(request.GET)
    page, facets = selectors.knowledge_list(filters, request.GET.get("side"))
    _filter_links(request, facets, reverse("portal:knowledge"))
    return render(
        request,
        "portal/knowledge.html",
        {
            "breadcrumbs": crumbs((_("Viden"), None)),
            "last_updated": _newest_change(page),
            "page": page,
            "page_links": _page_links(request, page),
            "facets": facets,
            "filters": filters,
        },
    )


@require_GET
@cached_for_readers(params=("maalgruppe", "type", "side"))
def theme(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    params = request.GET.copy()
    params["tema"] = theme.slug
    filters = selectors.Filters.from_query(params)
    page, facets = selectors.knowledge_list(filters, request.GET.get("side"))
    _filter_links(request, facets, reverse("portal:knowledge"))
    return render(
        request,
        "portal/theme.html",
        {
            "breadcrumbs": crumbs(
                (_("Viden"), reverse("portal:knowledge")), (theme.display_name, None)
            ),
            "theme": theme,
            "last_updated": _newest_change(page),
            "page": page,
            "page_links": _page_links(request, page),
            "facets": facets,
            "filters": filters,
        },
    )


def _language_links(request, article) -> list[dict]:
    """The language switch leads to the translation, or to the other language's knowledge page."""
    links = []
    for code, name in settings.LANGUAGES:
        if code == article.language:
            url = request.path
        elif article.translation and article.translation.is_visible:
            url = article.translation.get_absolute_url()
        else:
            with override(code):
                url = reverse("portal:knowledge")
        links.append({"code": code, "name": name, "current": code == article.language, "url": url})
    return links


def _article_page(request, article, *, preview: bool = False):
    response = render(
        request,
        "portal/article.html",
        {
            "article": article,
            "preview": preview,
            "canonical_url": settings.SITE_URL + article.get_absolute_url(),
            "site_url": settings.SITE_URL,
            "breadcrumbs": crumbs((_("Viden"), reverse("portal:knowledge")), (article.title, None)),
            "last_updated": article.last_substantive_change,
            "language_links": _language_links(request, article),
        },
    )
    if not preview:
        response["Last-Modified"] = http_date(article.updated_at.timestamp())
    return response


@require_GET
@conditional_page
@cached_for_readers
def article(request, slug):
    article = selectors.article_detail(slug)
    if article is None:
        raise Http404
    return _article_page(request, article)


@require_GET
@staff_view(roles.is_editor)
def article_preview(request, pk):
    """Editors see a draft exactly as readers will: the same template, marked as a preview."""
    found = get_object_or_404(Article.objects.only("slug", "language"), pk=pk)
    with override(found.language):
        article = selectors.article_detail(found.slug, readable_only=False)
        response = _article_page(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def hero_image(request, pk, width):
    """A resized hero image, only of a readable article (or for an editor previewing a draft).

    Uploads are never served from MEDIA directly, and the original is never served at all.
    """
    article = get_object_or_404(
        Article.objects.only("hero_renditions", "status", "publish_at"), pk=pk
    )
    rendition = next((r for r in article.hero_renditions if r["width"] == width), None)
    visible = article.is_visible
    if rendition is None or not (visible or staff_permitted(request, roles.is_editor)):
        raise Http404
    response = FileResponse(default_storage.open(rendition["name"], "rb"))
    response["Content-Type"] = "image/jpeg"
    response["X-Content-Type-Options"] = "nosniff"
    # The address carries the image's version, so a replaced image gets a new one.
    response["Cache-Control"] = "public, max-age=86400" if visible else "private, no-store"
    return response


@require_GET
@cached_for_readers(params=("q", *LIST_PARAMS))
def search(request):
    query = request.GET.get("q", "")
    filters = selectors.Filters.from_query(request.GET)
    result = selectors.search(query, filters, request.GET.get("side"))
    context = {"breadcrumbs": crumbs((_("Søg"), None)), "query": query, "result": result}
    if result.page is not None:
        _filter_links(request, result.facets, reverse("portal:search"))
        context["page_links"] = _page_links(request, result.page)
    if result.suggestion:
        context["suggestion_url"] = (
            reverse("portal:search") + "?" + urlencode({"q": result.suggestion})
        )
    return render(request, "portal/search.html", context)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /en/admin/",
        "Disallow: /en/konto/",
        "Disallow: /soeg/",
        "Disallow: /en/soeg/",
        f"Sitemap: {settings.SITE_URL}{reverse('portal:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def about(request):
    return render(
        request,
        "portal/about.html",
        {
            "breadcrumbs": crumbs((_("Om Vækstcentret"), None)),
            "last_updated": dt.date(2026, 11, 23),
        },
    )


@require_GET
def accessibility(request):
    return render(
        request,
        "portal/accessibility.html",
        {
            "breadcrumbs": crumbs((_("Tilgængelighedserklæring"), None)),
            "last_updated": dt.date(2026, 11, 23),
        },
    )


@require_GET
def privacy(request):
    return render(
        request,
        "portal/privacy.html",
        {
            "breadcrumbs": crumbs((_("Privatlivspolitik"), None)),
            "last_updated": dt.date(2026, 11, 23),
        },
    )
