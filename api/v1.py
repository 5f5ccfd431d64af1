"""Version 1 of the open API: read-only JSON for the register, articles and events.

An endpoint is one function registered with ``endpoint``: its path, the schema it answers with
and the content version it depends on (for ``ETag``/``Last-Modified``). Reads go through the
apps' selectors; nothing here queries a model directly. See docs/api.md on stability.
"""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import override
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from api import schemas
from api.conditional import (
    content_freshness,
    figures_freshness,
    published,
    register_freshness,
    upcoming_freshness,
)
from api.pagination import PageParams, paginate
from api.problems import problem
from events import selectors as events
from portal import selectors as portal
from portal.content import plain_text
from registry import numbers as sector
from registry import selectors as registry
from registry.forms import RegisterFilterForm
from registry.views.public import FIRST_REGISTRATION_YEAR

LAST_YEAR_ASKED = 2100

api = NinjaAPI(
    title="Vækstcenter: open API",
    version="1",
    description=(
        "Read-only JSON for the register of social enterprises (registrerede socialøkonomiske "
        "virksomheder), the sector in numbers, the knowledge articles and the upcoming events. "
        "No key is needed; responses carry ETag and Last-Modified, errors are RFC 9457 problem "
        "details."
    ),
    urls_namespace="api-v1",
    openapi_url=None,  # served by api.views.openapi_json, with the servers of the request
    docs_url=None,  # documented on our own page, /api/
    openapi_extra={
        "info": {
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
            "contact": {
                "name": settings.CENTRE["name"],
                "email": settings.CENTRE["email"],
                "url": f"{settings.SITE_URL}/api/",
            },
            "termsOfService": f"{settings.SITE_URL}/api/#terms",
        },
    },
)

ERRORS = {400: schemas.Problem, 404: schemas.Problem, 429: schemas.Problem}


def endpoint(path: str, *, response, freshness, tag: str, summary: str):
    """Register a GET endpoint answering ``response`` (200), 304 and problem details."""

    def register(view):
        view = decorate_view(published(freshness))(view)
        return api.get(
            path,
            response={200: response, 304: None, **ERRORS},
            tags=[tag],
            summary=summary,
            description=view.__doc__,
            by_alias=True,
        )(view)

    return register


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    errors = [
        {
            "parameter": str(error.get("loc", ["?"])[-1]),
            "message": str(error.get("msg", "Invalid value.")),
        }
        for error in exc.errors
    ]
    return problem(400, "One or more parameters have values the API cannot use.", errors=errors)


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(404, "There is no such item, or it is not public.")


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


# --- The register ----------------------------------------------------------------------------


class RegisterFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Search: words of the name or purpose, part of the name, or a CVR number.",
    )
    municipality: int | None = Field(
        None,
        ge=min(schemas.MUNICIPALITY_CODES),
        le=max(schemas.MUNICIPALITY_CODES),
        description="Only enterprises in this municipality: its official code (Danmarks "
        "Statistik), e.g. 101 for København, 751 for Aarhus. A code no municipality has: 404.",
    )
    region: schemas.RegionCode | None = Field(
        None, description="Only enterprises in this region (its official code)."
    )
    purpose_field: schemas.PurposeFieldCode | None = Field(
        None, description=f"Only this field of social purpose: {schemas.PURPOSE_FIELDS}."
    )
    legal_form: schemas.LegalFormCode | None = Field(
        None, description=f"Only this legal form: {schemas.LEGAL_FORMS}."
    )
    year: int | None = Field(
        None,
        ge=FIRST_REGISTRATION_YEAR,
        le=LAST_YEAR_ASKED,
        description="Only enterprises registered in this year.",
    )

    def cleaned(self) -> dict:
        """The register page's own form, so the API and the page filter alike."""
        data = {
            "q": self.q,
            "municipality": self.municipality,
            "region": self.region,
            "field": self.purpose_field,
            "form": self.legal_form,
            "year": self.year,
        }
        years = range(FIRST_REGISTRATION_YEAR, LAST_YEAR_ASKED + 1)
        form = RegisterFilterForm({k: v for k, v in data.items() if v}, years=years)
        if not form.is_valid() and list(form.errors) == ["municipality"]:
            raise Http404  # a code in the range that no municipality has
        if not form.is_valid():
            raise ValidationError(
                [
                    {"loc": ["query", name], "msg": " ".join(messages)}
                    for name, messages in form.errors.items()
                ]
            )
        return form.cleaned_data


def enterprise_record(request, enterprise) -> dict:
    municipality = enterprise.municipality
    return {
        "cvr": enterprise.cvr,
        "name": enterprise.name,
        "registration_number": enterprise.registration_number,
        "registered_on": enterprise.registered_on,
        "legal_form": enterprise.legal_form,
        "purpose_field": enterprise.purpose_field,
        "purpose": enterprise.purpose,
        "address": enterprise.address,
        "postal_code": enterprise.postal_code,
        "city": enterprise.city,
        "municipality": {"code": municipality.code, "name": municipality.name},
        "region": {"code": municipality.region.code, "name": municipality.region.name},
        "website": enterprise.website or None,
        "founded_year": enterprise.founded_year,
        "url": absolute(request, reverse("api-v1:enterprise", kwargs={"cvr": enterprise.cvr})),
        "web_url": absolute(request, _danish(enterprise.get_absolute_url)),
    }


def _danish(url_of) -> str:
    with override("da"):
        return url_of()


@endpoint(
    "/register/enterprises",
    response=schemas.EnterprisePage,
    freshness=register_freshness,
    tag="register",
    summary="The register of social enterprises",
)
def enterprises(request, filters: Query[RegisterFilters], paging: Query[PageParams]):
    """The registered social enterprises in good standing, A to Å, with the public register's
    search and filters; the same enterprises the register page shows (an enterprise whose
    registration is under review is left out, but still answers by its CVR number)."""
    cleaned = filters.cleaned()
    rows = registry.register_listing(cleaned)
    page = paginate(request, rows, count=rows.count(), params=paging)
    page["results"] = [enterprise_record(request, row) for row in page["results"]]
    return page


def enterprise_detail(request, **lookup) -> dict:
    enterprise = registry.registered_enterprise(**lookup)
    if enterprise is None:
        raise Http404
    account = registry.latest_approved_account(enterprise)
    return {
        **enterprise_record(request, enterprise),
        "latest_social_account": {
            "financial_year": account.financial_year,
            "purpose_report": account.purpose_report,
        }
        if account
        else None,
        "under_review": not enterprise.good_standing,
    }


@endpoint(
    "/register/enterprises/{cvr}",
    response=schemas.EnterpriseDetail,
    freshness=register_freshness,
    tag="register",
    summary="A registered enterprise by CVR number",
)
def enterprise(
    request, cvr: str = Path(..., pattern=r"^[0-9]{8}$", description="The CVR number, 8 digits.")
):
    """One registered enterprise; 404 for a CVR number the register does not hold (never
    registered, or deregistered). An enterprise under review (``under_review``) still answers
    here, though the list leaves it out."""
    return enterprise_detail(request, cvr=cvr)


@endpoint(
    "/register/registration-numbers/{registration_number}",
    response=schemas.EnterpriseDetail,
    freshness=register_freshness,
    tag="register",
    summary="A registered enterprise by registration number",
)
def enterprise_by_number(
    request,
    registration_number: str = Path(
        ..., pattern=r"^[A-Za-z0-9-]{1,20}$", description="The registration number."
    ),
):
    """The same record as by CVR number, found by the number it was registered under."""
    return enterprise_detail(request, registration_number=registration_number)


# --- Articles ------------------------------------------------------------------------------

SLUG = r"^[-a-zA-Z0-9_]{1,200}$"


class ArticleFilters(Schema):
    language: schemas.LanguageCode = Field("da", description="The language: `da` or `en`.")
    theme: str = Field(
        "", max_length=100, pattern=r"^[-a-zA-Z0-9_]*$", description="A theme's slug."
    )
    audience: str = Field(
        "", max_length=60, pattern=r"^[-a-zA-Z0-9_]*$", description="An audience's slug."
    )
    type: schemas.ArticleTypeCode | None = Field(
        None, description=f"Only this kind: {schemas.ARTICLE_TYPES}."
    )

    def portal_filters(self) -> portal.Filters:
        return portal.Filters(theme=self.theme, audience=self.audience, type=self.type or "")


def tags(items) -> list[dict]:
    """Themes or audiences: models in lists, the article page's ``portal.selectors.Tag`` (of
    the same shape) in the detail."""
    return [{"slug": tag.slug, "name": tag.name, "name_en": tag.name_en or None} for tag in items]


def article_url(request, language: str, slug: str) -> str:
    path = reverse("api-v1:article", kwargs={"language": language, "slug": slug})
    return absolute(request, path)


def article_record(request, article, *, themes, audiences) -> dict:
    return {
        "language": article.language,
        "slug": article.slug,
        "type": article.type,
        "title": article.title,
        "summary": article.summary,
        "author": article.author or None,
        "themes": tags(themes),
        "audiences": tags(audiences),
        "published_at": article.publish_at,
        "updated_at": article.last_substantive_change,
        "url": article_url(request, article.language, article.slug),
        "web_url": absolute(request, article.get_absolute_url()),
    }


def article_link(request, article) -> dict:
    return {
        "language": article.language,
        "slug": article.slug,
        "title": article.title,
        "url": article_url(request, article.language, article.slug),
    }


@endpoint(
    "/articles",
    response=schemas.ArticlePage,
    freshness=content_freshness,
    tag="articles",
    summary="Published articles",
)
def articles(request, filters: Query[ArticleFilters], paging: Query[PageParams]):
    """The published knowledge articles in one language, newest first, by theme, audience and
    type. A theme or audience that does not exist matches nothing."""
    wanted = filters.portal_filters()
    rows = portal.readable_listing(wanted, filters.language)
    count = portal.readable_total(wanted, filters.language)
    page = paginate(request, rows, count=count, params=paging)
    page["results"] = [
        article_record(request, row, themes=row.themes.all(), audiences=row.audiences.all())
        for row in page["results"]
    ]
    return page


@endpoint(
    "/articles/{language}/{slug}",
    response=schemas.ArticleDetail,
    freshness=content_freshness,
    tag="articles",
    summary="A published article",
)
def article(
    request,
    language: schemas.LanguageCode = Path(..., description="The article's language."),  # noqa: B008
    slug: str = Path(..., pattern=SLUG, description="The article's slug in that language."),
):
    """One published article with its body as sanitised HTML (as the site shows it) and as
    plain text, its translation and related articles."""
    with override(language):
        found = portal.article_detail(slug)
    if found is None:
        raise Http404
    translation = found.translation
    return {
        **article_record(
            request, found, themes=found.shown_themes, audiences=found.shown_audiences
        ),
        "body_html": found.body_html,
        "body_text": plain_text(found.body_html),
        "translation": {
            "language": translation.language,
            "slug": translation.slug,
            "url": article_url(request, translation.language, translation.slug),
        }
        if translation is not None and translation.is_visible
        else None,
        "related": [article_link(request, related) for related in found.readable_related],
    }


# --- Events ----------------------------------------------------------------------------------


class EventFilters(Schema):
    theme: str = Field(
        "", max_length=100, pattern=r"^[-a-zA-Z0-9_]*$", description="A theme's slug."
    )
    audience: str = Field(
        "", max_length=60, pattern=r"^[-a-zA-Z0-9_]*$", description="An audience's slug."
    )


def event_record(request, event) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place or None,
        "online": bool(event.online_url),  # whether, never the link itself
        "cancelled": event.is_cancelled,
        "organiser": event.organiser,
        "capacity": event.capacity,
        "signup_deadline": event.signup_deadline,
        "themes": tags(event.themes.all()),
        "audiences": tags(event.audiences.all()),
        "url": absolute(request, reverse("api-v1:event", kwargs={"slug": event.slug})),
        "web_url": absolute(request, _danish(event.get_absolute_url)),
    }


@endpoint(
    "/events",
    response=schemas.EventPage,
    freshness=upcoming_freshness,
    tag="events",
    summary="Upcoming events",
)
def upcoming_events(request, filters: Query[EventFilters], paging: Query[PageParams]):
    """Published events that have not ended, soonest first, by theme and audience."""
    rows = events.upcoming_events_tagged(theme=filters.theme, audience=filters.audience)
    page = paginate(request, rows, count=rows.count(), params=paging)
    page["results"] = [event_record(request, row) for row in page["results"]]
    return page


@endpoint(
    "/events/{slug}",
    response=schemas.EventDetail,
    freshness=content_freshness,
    tag="events",
    summary="A published event",
)
def event(request, slug: str = Path(..., pattern=SLUG, description="The event's slug.")):
    """One published event, upcoming or past, with its full description. The link for online
    participation and everything about participants stay out."""
    found = events.published_event(slug)
    return {**event_record(request, found), "description": found.description}


# --- The sector in numbers ---------------------------------------------------------------------


class FigureFilters(Schema):
    year: int | None = Field(
        None,
        ge=FIRST_REGISTRATION_YEAR,
        le=LAST_YEAR_ASKED,
        description="Registrations and deregistrations in this year, the distributions at its "
        "end; none for all years until today.",
    )
    region: schemas.RegionCode | None = Field(
        None, description="Only this region (its official code); none for the whole country."
    )
    language: schemas.LanguageCode = Field("da", description="The labels' language.")


def _codes_as_text(rows: list[dict]) -> list[dict]:
    return [{**row, "code": str(row["code"])} for row in rows]


@endpoint(
    "/numbers",
    response=schemas.SectorFigures,
    freshness=figures_freshness,
    tag="numbers",
    summary="The sector in numbers",
)
def numbers(request, filters: Query[FigureFilters]):
    """The figures behind /tal/: the register over time and by place, purpose, legal form and
    founding year, and the approved social accounts' figures. Groups of fewer than 5
    enterprises are held back (null, named in the row's `suppressed`)."""
    region = str(filters.region) if filters.region else None
    with override(filters.language):
        figures = sector.sector_figures(filters.year, region)
    grouped = ("by_region", "by_municipality", "by_purpose_field", "by_legal_form")
    return {
        **figures,
        **{name: _codes_as_text(figures[name]) for name in grouped},
        "by_founding_year": _codes_as_text(figures["by_founding_year"]),
        "turnover_bands": _codes_as_text(figures["turnover_bands"]),
    }
