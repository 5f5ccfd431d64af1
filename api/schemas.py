"""The shapes the API answers with. Field names are stable (docs/api.md): add, never rename.

Every field carries a description; the OpenAPI schema and the documentation page show them.
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

from geography.reference import REGIONS, municipality_rows
from portal.models import ArticleType, Language
from registry.models import LegalForm, PurposeField


def _codes(choices) -> str:
    return "; ".join(f"`{value}`: {label}" for value, label in choices)


LegalFormCode = Literal[tuple(LegalForm.values)]
PurposeFieldCode = Literal[tuple(PurposeField.values)]
ArticleTypeCode = Literal[tuple(ArticleType.values)]
LanguageCode = Literal[tuple(Language.values)]
REGION_CODES = sorted(REGIONS)
MUNICIPALITY_CODES = sorted(row["code"] for row in municipality_rows())


def _one_of(codes: list[int]):
    """An official code as an integer (a query string's "101" included: a ``Literal`` of
    integers would refuse it), listed as an enumeration in the schema."""

    def known(value: int) -> int:
        if value not in codes:
            raise ValueError("not an official code")
        return value

    return Annotated[int, AfterValidator(known), Field(json_schema_extra={"enum": codes})]


RegionCode = _one_of(REGION_CODES)

LEGAL_FORMS = _codes(LegalForm.choices)
PURPOSE_FIELDS = _codes(PurposeField.choices)
ARTICLE_TYPES = _codes(ArticleType.choices)


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field(description="A link to the explanation of this kind of error.")
    title: str = Field(description="A short, fixed summary of the kind of error.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request.")
    errors: list["ParameterError"] | None = Field(
        None, description="For an invalid request: each parameter that was refused, and why."
    )


class ParameterError(Schema):
    parameter: str = Field(description="The parameter's name.")
    message: str = Field(description="Why its value was refused.")


Problem.model_rebuild()


class Page(Schema):
    """A page of results and the links to its neighbours."""

    count: int = Field(description="How many results there are in all, on every page.")
    page: int = Field(description="The number of this page, from 1.")
    page_size: int = Field(description="The most results a page holds.")
    next: str | None = Field(description="The absolute URL of the next page; null on the last.")
    previous: str | None = Field(
        description="The absolute URL of the previous page; null on the first."
    )


# --- The register ----------------------------------------------------------------------------


class Place(Schema):
    code: int = Field(description="The official code (Danmarks Statistik).")
    name: str = Field(description="The name in Danish.")


class Enterprise(Schema):
    cvr: str = Field(description="The CVR number, 8 digits.", pattern=r"^[0-9]{8}$")
    name: str = Field(description="The name in the CVR register.")
    registration_number: str | None = Field(
        description="The number the enterprise was registered under."
    )
    registered_on: dt.date = Field(description="The day it was registered.")
    legal_form: LegalFormCode = Field(description=f"The legal form: {LEGAL_FORMS}.")
    purpose_field: PurposeFieldCode = Field(
        description=f"The field of its social purpose: {PURPOSE_FIELDS}."
    )
    purpose: str = Field(description="Its social purpose, as its articles state it.")
    address: str = Field(description="The street address.")
    postal_code: str = Field(description="The postal code.")
    city: str = Field(description="The postal district.")
    municipality: Place = Field(description="The municipality of the address.")
    region: Place = Field(description="The region of the municipality.")
    website: str | None = Field(description="Its website; null when it has given none.")
    founded_year: int = Field(description="The year it was founded.")
    url: str = Field(description="This enterprise in the API (absolute URL).")
    web_url: str = Field(description="Its page in the public register (absolute URL).")


class SocialAccountReport(Schema):
    financial_year: int = Field(description="The financial year the account covers.")
    purpose_report: str = Field(description="How the enterprise pursued its social purpose.")


class EnterpriseDetail(Enterprise):
    latest_social_account: SocialAccountReport | None = Field(
        description="The newest approved social account; null before the first is approved."
    )
    under_review: bool = Field(
        description=(
            "True while the registration is under review (a hearing about deregistration is "
            "outstanding, or CVR reports the company ceased): the enterprise is still "
            "registered, but the register's list leaves it out until the case is decided."
        )
    )


class EnterprisePage(Page):
    results: list[Enterprise] = Field(description="The enterprises on this page, A to Å.")


# --- Articles ------------------------------------------------------------------------------


class Tag(Schema):
    slug: str = Field(description="The theme's or audience's short name, used to filter by.")
    name: str = Field(description="The name in Danish.")
    name_en: str | None = Field(description="The name in English; null when there is none.")


class ArticleLink(Schema):
    language: LanguageCode = Field(description="The article's language.")
    slug: str = Field(description="The article's short name in its language.")
    title: str = Field(description="The title.")
    url: str = Field(description="The article in the API (absolute URL).")


class Translation(Schema):
    language: LanguageCode = Field(description="The translation's language.")
    slug: str = Field(description="The translation's short name in its language.")
    url: str = Field(description="The translation in the API (absolute URL).")


class Article(Schema):
    language: LanguageCode = Field(description="The language it is written in: `da` or `en`.")
    slug: str = Field(description="Its short name, unique within its language.")
    type: ArticleTypeCode = Field(description=f"The kind of article: {ARTICLE_TYPES}.")
    title: str = Field(description="The title.")
    summary: str = Field(description="The summary shown in lists.")
    author: str | None = Field(description="The byline; null when there is none.")
    themes: list[Tag] = Field(description="The themes it is tagged with.")
    audiences: list[Tag] = Field(description="Who it is written for.")
    published_at: dt.datetime = Field(description="When it was published.")
    updated_at: dt.datetime = Field(description="When its content last changed in substance.")
    url: str = Field(description="This article in the API (absolute URL).")
    web_url: str = Field(description="Its page on the site (absolute URL).")


class ArticleDetail(Article):
    body_html: str = Field(
        description="The body as the site shows it: sanitised HTML (headings from h2, "
        "paragraphs, lists, links, tables); no scripts, styles or attributes beyond links."
    )
    body_text: str = Field(description="The body as plain text, without markup.")
    translation: Translation | None = Field(
        description="The same article in the other language, when it is published."
    )
    related: list[ArticleLink] = Field(description="Related articles in the same language.")


class ArticlePage(Page):
    results: list[Article] = Field(description="The articles on this page, newest first.")


# --- Events --------------------------------------------------------------------------------


class EventSummary(Schema):
    slug: str = Field(description="The event's short name.")
    title: str = Field(description="The title.")
    summary: str = Field(description="The short description shown in lists.")
    starts_at: dt.datetime = Field(description="When it starts.")
    ends_at: dt.datetime = Field(description="When it ends.")
    place: str | None = Field(description="The address; null for an event only held online.")
    online: bool = Field(
        description="Whether one can take part online (the link goes to participants only)."
    )
    cancelled: bool = Field(
        description="Whether the centre has cancelled it (cancelled events stay listed, marked)."
    )
    organiser: str = Field(description="Who arranges it.")
    capacity: int | None = Field(description="The number of places; null for no limit.")
    signup_deadline: dt.datetime | None = Field(
        description="The last moment to sign up; null means until it starts."
    )
    themes: list[Tag] = Field(description="The themes it is tagged with.")
    audiences: list[Tag] = Field(description="Who it is for.")
    url: str = Field(description="This event in the API (absolute URL).")
    web_url: str = Field(description="Its page on the site, where one signs up (absolute URL).")


class EventDetail(EventSummary):
    description: str = Field(description="The full description, plain text with line breaks.")


class EventPage(Page):
    results: list[EventSummary] = Field(description="The events on this page, soonest first.")


# --- The sector in numbers (/tal/) --------------------------------------------------------------

SUPPRESSED = (
    "The names of this row's figures that are held back (null): a group of fewer than 5 "
    "enterprises, or a larger one held back so that a small one cannot be worked out."
)
COMPLEMENTARY = "Of the held-back figures, those held back only to protect a smaller group."


class FigureRow(Schema):
    suppressed: list[str] = Field(description=SUPPRESSED)
    complementary: list[str] = Field(default_factory=list, description=COMPLEMENTARY)


class Region(Schema):
    code: str = Field(description="The region's official code.")
    name: str = Field(description="The region's name.")


class KeyFigures(FigureRow):
    registered: int | None = Field(description="Registered enterprises on `as_of`.")
    registrations: int | None = Field(description="Registrations in the year (or in all).")
    deregistrations: int | None = Field(description="Deregistrations in the year (or in all).")


class Quarter(FigureRow):
    quarter: str = Field(description="The quarter, e.g. `2025-Q1`.")
    registrations: int | None = Field(description="Registrations in the quarter.")
    deregistrations: int | None = Field(description="Deregistrations in the quarter.")
    total: int | None = Field(description="Registered enterprises at the quarter's end.")


class Group(FigureRow):
    code: str = Field(
        description="The group's code (region or municipality code, a field "
        "of purpose, a legal form, a decade, a turnover band)."
    )
    label: str = Field(description="The group's name in the language asked for.")
    enterprises: int | None = Field(description="Enterprises in the group.")


class AccountsOnTime(FigureRow):
    financial_year: int = Field(description="The financial year of the social accounts.")
    due: int | None = Field(description="Social accounts due for the year.")
    on_time: int | None = Field(description="Of them, submitted by their deadline.")
    on_time_percent: float | None = Field(description="The share on time, in percent.")


class AccountFigures(FigureRow):
    financial_year: int = Field(description="The financial year.")
    accounts: int | None = Field(description="Approved social accounts for the year.")
    turnover: int | None = Field(description="Their turnover in all (kr.).")
    profit_after_tax: int | None = Field(
        description="The profits after tax of the enterprises with a profit (kr.)."
    )
    reinvested: int | None = Field(description="What of that profit was not paid out (kr.).")
    dividends_paid: int | None = Field(description="Dividends paid (kr.).")
    dividend_payers: int | None = Field(description="Enterprises that paid a dividend.")
    payout_percent: float | None = Field(description="Dividends in percent of the profit.")
    payers_payout_percent: float | None = Field(
        description="The same for the enterprises that paid a dividend."
    )
    cap_headroom_points: float | None = Field(
        description="How many percentage points that is under the 35 % cap."
    )
    employees: int | None = Field(description="People employed at the year's end.")
    target_group_employees: int | None = Field(
        description="Of them, people from the target groups the enterprises exist for."
    )
    target_group_percent: float | None = Field(description="That share, in percent.")
    volunteers: int | None = Field(description="Volunteers during the year.")


class SupervisionOutcome(FigureRow):
    year: int = Field(description="The year the supervision cases were closed.")
    resolved: int | None = Field(description="Put right, or found unfounded.")
    hearing: int | None = Field(description="Sent on to a hearing about deregistration.")
    deregistered: int | None = Field(description="Of those, deregistered since.")


class SectorFigures(Schema):
    year: int | None = Field(description="The year asked for; null for all years.")
    region: Region | None = Field(description="The region asked for; null for the country.")
    as_of: dt.date = Field(description="The day the register's distributions are taken.")
    accounts_year: int | None = Field(
        description="The financial year of the turnover bands (the latest with accounts)."
    )
    small_group: int = Field(description="Groups smaller than this are held back.")
    dividend_cap_percent: float = Field(description="The law's cap on dividends, in percent.")
    key_figures: KeyFigures
    over_time: list[Quarter] = Field(description="Registrations per quarter and the total.")
    by_region: list[Group] = Field(description="Registered enterprises per region (always all).")
    by_municipality: list[Group] = Field(description="Registered enterprises per municipality.")
    by_purpose_field: list[Group] = Field(description="… per field of social purpose.")
    by_legal_form: list[Group] = Field(description="… per legal form.")
    by_founding_year: list[Group] = Field(description="… per decade of founding.")
    accounts_on_time: list[AccountsOnTime] = Field(
        description="Social accounts submitted on time, per financial year."
    )
    turnover_bands: list[Group] = Field(description="Enterprises per turnover band.")
    accounts: list[AccountFigures] = Field(
        description="Figures from the approved social accounts, per financial year."
    )
    supervision: list[SupervisionOutcome] = Field(
        description="Closed supervision cases per year, for the whole country whatever the filter."
    )
