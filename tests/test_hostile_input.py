"""No request answers 5xx, whatever an attacker puts in a path, a query string or a form.

The targets are derived, not listed by hand, so a new page or parameter is covered on its own:
- every URL pattern outside the admin, its path parameters filled with hostile values that still
  match the pattern's converter;
- every page reached by following the site's own links from the front page (as an anonymous
  visitor and as a signed-in applicant), with each query parameter the page's GET forms and links
  use, plus the ones every page might be sent (``side``, ``q``, ``next``);
- every POST form on those pages, each field in turn given each hostile value.

The figures (URLs x parameters x values, requests sent, 5xx) are printed for the issue.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from accounts.services import ensure_verified_user
from tests.factories import guidance_enquiry

pytestmark = pytest.mark.django_db

# Each is sent as it stands in a query string or form body (already percent-encoded).
HOSTILE = [
    "%00",  # NUL: PostgreSQL refuses it in text
    "a%00b",
    "%ff",  # invalid UTF-8
    "%c3%28",
    "%ed%a0%80",  # an encoded surrogate
    "99999999999999999999",  # past bigint
    "-1",
    "0",
    "1e309",
    "NaN",
    "2026-13-45",
    quote("x" * 5000),
    quote("' OR 1=1 --"),
    quote("<script>alert(1)</script>"),
    quote("../../../../etc/passwd"),
    "%0d%0aSet-Cookie:%20x=1",
    quote("\U0001d54f\u202e"),  # outside the BMP, and a right-to-left override
]
# Path parameters: what each converter lets through to the view.
PATH_VALUES = {
    "str": ["%00", "a%00b", "%ff", "%c3%28", "99999999999999999999", "-1", "x" * 300, "%20"],
    "int": ["0", "99999999999999999999", "2147483648", "9223372036854775808", "0000001"],
    "slug": ["-", "_", "x" * 300, "99999999999999999999"],
    "uuid": ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
    "path": ["%00", "..%2f..%2fetc%2fpasswd"],
}
EVERY_PAGE_PARAMS = ["side", "q", "next"]
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/en/")
SKIPPED_POST = re.compile(r"log-?ud|logout|/slet/|/konto/slet|traek-tilbage|\.ics")


class PageParts(HTMLParser):
    """Links and forms on a page: what a visitor (or an attacker) can send back."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            kind = attrs.get("type", "text")
            if not name or kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and name in self._form["fields"]:
                return
            self._form["fields"][name] = attrs.get("value") or ("1" if tag == "select" else "")
            if tag == "select":
                self._form["select"] = name
        elif tag == "option" and self._form is not None and self._form.get("select"):
            name = self._form.pop("select")
            if attrs.get("value"):
                self._form["fields"][name] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _patterns(resolvers=None, prefix=""):
    """(route, converters) for every URL pattern, with "<name>" placeholders in the route."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = ""
        elif isinstance(pattern, RoutePattern):
            part = str(pattern)
        else:
            continue  # regex patterns: none of ours
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            route = prefix + part
            placeholders = re.findall(r"<(?:(\w+):)?(\w+)>", route)
            yield route, {name: converter or "str" for converter, name in placeholders}


def _view_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def _local(href: str, base: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("#"):
        return None
    path = parts.path or base
    if not path.startswith("/"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


class Attack:
    def __init__(self, client):
        client.raise_request_exception = False  # count a 500 as the visitor would see it
        self.client = client
        self.sent = 0
        self.failures = []

    def send(self, method: str, path: str, body: str = "", query: str = "") -> int:
        if method == "get":
            response = self.client.get(path, QUERY_STRING=query)
        else:
            response = self.client.post(
                path, body, content_type="application/x-www-form-urlencoded", QUERY_STRING=query
            )
        self.sent += 1
        if response.status_code >= 500:
            error = response.exc_info[1] if getattr(response, "exc_info", None) else None
            request = f"{method.upper()} {path}?{query} {body[:120]}"
            self.failures.append(f"{request} -> {response.status_code} {error!r:.200}")
        return response.status_code

    def crawl(self, seeds, limit=150) -> dict[str, PageParts]:
        """Pages reachable from ``seeds`` by the site's own links (paths only, no admin)."""
        pages, queue, params, views = {}, list(seeds), defaultdict(set), set()
        while queue and len(pages) < limit:
            href = queue.pop(0)
            path, _, query = href.partition("?")
            for name, _value in parse_qsl(query, keep_blank_values=True):
                params[path].add(name)
            if path in pages or path.startswith(SKIPPED_PREFIXES):
                continue
            view = _view_name(path)
            if view in views and path not in seeds:
                continue  # one page of each kind: another article adds no new input
            views.add(view)
            response = self.client.get(path)
            self.sent += 1
            if response.status_code >= 500:
                self.failures.append(f"GET {path} -> {response.status_code}")
            if "text/html" not in response.get("Content-Type", ""):
                pages[path] = None
                continue
            parts = PageParts()
            parts.feed(response.content.decode())
            pages[path] = parts
            for link in parts.links:
                local = _local(link, path)
                if local:
                    queue.append(local)
        for path, parts in pages.items():
            for form in parts.forms if parts else []:
                if form["method"] == "get":
                    target = _local(form["action"], path) or path
                    params[target.partition("?")[0]].update(form["fields"])
        self.params = params
        return pages


def _seed_content(django_user_model):
    from events.tests.factories import make_event
    from guidance import services as guidance
    from network.tests.factories import make_owner, make_profile
    from portal.tests.factories import article, theme
    from registry.tests.test_public import registered

    article("Sociale klausuler i udbud", themes=[theme()])
    make_event(title="Netværksmøde i Odense")
    make_profile(make_owner(django_user_model))
    registered(["Grøn Genbrug ApS"])
    case = guidance_enquiry(confirmed=True)
    return [guidance.new_case_link(case)]


@pytest.fixture
def no_rate_limits(monkeypatch, settings):
    """Thousands of requests from one client: the limits would answer before the checks do."""
    from core import rate_limits as spam

    settings.ACCOUNT_RATE_LIMITS = False
    monkeypatch.setattr(spam, "_count_attempt", lambda *args, **kwargs: 0)


def test_path_parameters_never_answer_5xx(client, django_user_model, no_rate_limits, capsys):
    user = ensure_verified_user("ansoeger@example.dk", "x-Adgangskode-9876")
    attack = Attack(client)
    urls = values = 0
    for signed_in in (False, True):
        if signed_in:
            client.force_login(user)
        for route, converters in _patterns():
            if not converters or route.startswith("admin/"):
                continue
            urls += 1
            for name, converter in converters.items():
                for value in PATH_VALUES.get(converter, PATH_VALUES["str"]):
                    values += 1
                    path = "/" + route
                    for other, other_converter in converters.items():
                        filler = value if other == name else PATH_VALUES[other_converter][0]
                        path = re.sub(rf"<(?:\w+:)?{other}>", filler, path)
                    attack.send("get", path)
                    attack.send("post", path, "x=1")
    with capsys.disabled():
        print(
            f"\nhostile path parameters: {urls // 2} URL patterns x 2 roles, {values} values, "
            f"{attack.sent} requests, {len(attack.failures)} answered 5xx"
        )
    assert not attack.failures, "\n".join(attack.failures)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "applicant"])
def test_query_parameters_and_forms_never_answer_5xx(
    client, django_user_model, no_rate_limits, capsys, signed_in
):
    seeds = ["/", *_seed_content(django_user_model)]
    # The applicant attacks only the inputs a signed-in visitor has beyond the anonymous run's:
    # the same view's parameter or the same form (same target and fields) is the same code path.
    covered = _anonymous_inputs(Attack(client), seeds) if signed_in else set()
    if signed_in:
        client.force_login(ensure_verified_user("ansoeger@example.dk", "x-Adgangskode-9876"))
        seeds += ["/konto/", "/registrering/ansoeg/", "/netvaerk/opret/", "/raadgivning/mine/"]
    attack = Attack(client)
    pages = attack.crawl(seeds)

    pairs = 0
    for path in pages:
        for param in sorted(attack.params[path] | set(EVERY_PAGE_PARAMS)):
            if (_view_name(path), param) in covered:
                continue
            pairs += 1
            for value in HOSTILE:
                attack.send("get", path, query=f"{quote(param)}={value}")

    forms = fields = 0
    for path, parts in pages.items():
        for form in parts.forms if parts else []:
            target = _local(form["action"], path) or path
            if form["method"] != "post" or SKIPPED_POST.search(target):
                continue
            if _form_key(target, form) in covered:
                continue
            forms += 1
            target_path, _, query = target.partition("?")
            for field in form["fields"]:
                if field == "csrfmiddlewaretoken":
                    continue  # the test client does not check it; hostile values prove nothing
                fields += 1
                others = urlencode({k: v for k, v in form["fields"].items() if k != field})
                for value in HOSTILE:
                    body = (
                        f"{others}&{quote(field)}={value}" if others else f"{quote(field)}={value}"
                    )
                    attack.send("post", target_path, body, query)

    role = "applicant" if signed_in else "anonymous"
    with capsys.disabled():
        print(
            f"\nhostile input as {role}: {len(pages)} pages crawled; GET: {pairs} page x parameter "
            f"pairs x {len(HOSTILE)} values; POST: {forms} forms, {fields} fields x "
            f"{len(HOSTILE)} values; {attack.sent} requests, {len(attack.failures)} answered 5xx"
        )
    assert not attack.failures, "\n".join(attack.failures)


def _form_key(target: str, form: dict) -> tuple:
    return (_view_name(target.partition("?")[0]), frozenset(form["fields"]))


def _anonymous_inputs(attack: Attack, seeds: list[str]) -> set:
    """The (view, parameter) pairs and forms the anonymous run attacks."""
    pages = attack.crawl(seeds)
    inputs = {
        (_view_name(path), param)
        for path in pages
        for param in attack.params[path] | set(EVERY_PAGE_PARAMS)
    }
    for path, parts in pages.items():
        for form in parts.forms if parts else []:
            inputs.add(_form_key(_local(form["action"], path) or path, form))
    return inputs


def test_a_nul_in_the_query_string_or_path_answers_a_danish_400(client, settings):
    settings.DEBUG = False
    for path, query in [
        ("/soeg/", "q=%00"),
        ("/registrering/register/", "q=a%00b"),
        ("/viden/", ""),
    ]:
        response = client.get(path, QUERY_STRING=query or "tema%00=x")
        assert response.status_code == 400
        assert "Adressen kan ikke bruges" in response.content.decode()
    assert client.get("/", PATH_INFO="/registrering/register/\x00/").status_code == 400


def test_search_and_filters_drop_a_nul_without_the_backstop(client, settings):
    settings.MIDDLEWARE = [
        entry
        for entry in settings.MIDDLEWARE
        if not entry.endswith("RefuseNulCharactersMiddleware")
    ]
    response = client.get("/soeg/", {"q": "klausul\x00", "type": "\x00"})
    assert response.status_code == 200
    assert response.context["query"] == "klausul" and response.context["found"].query == "klausul"
