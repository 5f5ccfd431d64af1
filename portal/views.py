from urllib.parse import urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.http import conditional_page, require_GET

from accounts import roles
from accounts.staff import staff_permitted, staff_view
from core.navigation import breadcrumbs as crumbs
from portal import selectors, sitesearch
from portal.models import Article, Audience, PageKey, Theme
from portal.page_cache import cached_for_readers, cached_search

# The query parameters each cached page understands (see core.page_cache).
LIST_PARAMS = ("tema", "maalgruppe", "type", "side")


def _newest_change(articles):
    """A list's "Sidst opdateret": the latest substantive change of the articles it shows."""
    return max((article.last_substantive_change for article in articles), default=None)


# The home page's "Hvem er du?" entry points, each leading to its audience's "start here" path.
AUDIENCE_ENTRIES = {
    "ivaerksaetter": gettext_lazy("Jeg vil starte en socialøkonomisk virksomhed"),
    "kommune": gettext_lazy("Jeg arbejder i en kommune"),
    "socialoekonomisk-virksomhed": gettext_lazy("Vi er en socialøkonomisk virksomhed"),
}
MUNICIPAL_AUDIENCES = {"kommune", "jobcenter"}


@require_GET
@cached_for_readers
def home(request):
    audience_entries = [
        {"label": label, "url": reverse("portal:start_here", kwargs={"slug": slug})}
        for slug, label in AUDIENCE_ENTRIES.items()
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


@require_GET
@cached_for_readers
def start_here(request, slug):
    """An audience's curated first steps, then the way on to everything for that audience."""
    audience = get_object_or_404(Audience, slug=slug)
    everything = f"{reverse('portal:knowledge')}?{urlencode({'maalgruppe': audience.slug})}"
    steps = selectors.start_path(audience)
    if not steps:
        return redirect(everything)
    return render(
        request,
        "portal/start_here.html",
        {
            "breadcrumbs": crumbs(
                (_("Viden"), reverse("portal:knowledge")), (audience.display_name, None)
            ),
            "audience": audience,
            "heading": AUDIENCE_ENTRIES.get(audience.slug, audience.display_name),
            "steps": steps,
            "everything_url": everything,
            # Municipal readers' own page: their municipality's enterprises, figures and events.
            "municipality_pages": audience.slug in MUNICIPAL_AUDIENCES,
        },
    )


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
            "description": Truncator(article.summary).words(40, truncate=" …"),
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
    article = selectors.article_detail(slug, content_version=request.content_version)
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


def _page_number(text) -> int:
    try:
        return max(1, min(int(text or 1), 100_000))
    except ValueError:
        return 1


@require_GET
@cached_search(params=("q", "type", "side"))
def search(request):
    """The whole site's search: every kind with its first hits, or one kind page by page."""
    query = sitesearch.clean_query(request.GET.get("q", ""))
    kind = request.GET.get("type", "")
    kind = kind if kind in sitesearch.KIND_SLUGS else ""
    context = {"breadcrumbs": crumbs((_("Søg"), None)), "query": query, "kind": kind}
    if query:
        found = sitesearch.backend().search(query, kind, _page_number(request.GET.get("side")))
        context.update(found=found, kind_links=_kind_links(request, found))
        if found.selected:
            page = _search_pages(found)
            context["page"] = page
        if found.suggestion:
            suggested = urlencode({"q": found.suggestion})
            context["suggestion_url"] = f"{reverse('portal:search')}?{suggested}"
        context["ask_url"] = f"{reverse('guidance:ask')}?{urlencode({'spoergsmaal': query})}"
    return render(request, "portal/search.html", context)


def _kind_links(request, found) -> list[dict]:
    """The filter by kind: every kind (and all of them) with its count and address."""
    base = reverse("portal:search")
    links = [{"label": _("Alle"), "count": found.total, "capped": found.capped, "slug": ""}]
    links += [
        {"label": r.kind.plural, "count": r.count, "capped": r.capped, "slug": r.kind.slug}
        for r in found.results
    ]
    for link in links:
        params = {"q": found.query, **({"type": link["slug"]} if link["slug"] else {})}
        link["url"] = f"{base}?{urlencode(params)}"
        link["selected"] = link["slug"] == found.kind
    return links


def _search_pages(found):
    """A page of one kind for the pagination links. Past the counted matches, there is a next
    page as long as this one is full: every match can be reached."""
    selected = found.selected
    known = selected.count
    if selected.capped:
        full = len(selected.hits) == sitesearch.PAGE_SIZE
        known = max(known + 1, found.page_number * sitesearch.PAGE_SIZE + (1 if full else 0))
    return Paginator(range(known), sitesearch.PAGE_SIZE).get_page(found.page_number)


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


def _editable_page(request, key: str, template: str):
    page = selectors.editable_page(key)
    return render(
        request,
        template,
        {
            "page": page,
            "breadcrumbs": crumbs((page.title, None)),
            "last_updated": page.last_substantive_change,
        },
    )


@require_GET
@cached_for_readers
def about(request):
    return _editable_page(request, PageKey.ABOUT, "portal/about.html")


@require_GET
@cached_for_readers
def history(request):
    """The centre's history: news that is no longer current, kept reachable."""
    return render(
        request,
        "portal/history.html",
        {
            "breadcrumbs": crumbs(
                (_("Om Vækstcentret"), reverse("portal:about")), (_("Historie"), None)
            ),
            "news": selectors.history_news(),
        },
    )


@require_GET
@cached_for_readers
def accessibility(request):
    return _editable_page(request, PageKey.ACCESSIBILITY, "portal/accessibility.html")


@require_GET
@cached_for_readers
def privacy(request):
    return _editable_page(request, PageKey.PRIVACY, "portal/privacy.html")
