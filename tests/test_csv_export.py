"""Every CSV the site writes neutralises cells a spreadsheet program would run as a formula."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from accounts import roles
from accounts.services import ensure_verified_user
from core.csv_export import SafeCsvWriter, neutralise
from tests.factories import guidance_enquiry

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_FOLDERS = [
    "accounts",
    "core",
    "events",
    "geography",
    "guidance",
    "network",
    "portal",
    "registry",
    "vaekstcenter",
]
HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 2.5, -0.5, Decimal("-1.25"), 0])
def test_real_numbers_stay_numbers(value):
    assert neutralise(value) == value


def test_ordinary_text_and_empty_cells_are_left_alone():
    assert [neutralise(v) for v in ["Sø & Co", "2100", None, True]] == [
        "Sø & Co",
        "2100",
        "",
        "True",
    ]


def test_the_writer_neutralises_every_cell():
    buffer = io.StringIO()
    SafeCsvWriter(buffer, delimiter=";").writerows([["=1+1", -4, "ok"], ["@x", "a;b", 7]])
    assert buffer.getvalue() == "'=1+1;-4;ok\r\n'@x;\"a;b\";7\r\n"


def test_no_csv_is_written_past_the_helper():
    """One way to write CSV: a new ``csv.writer`` elsewhere would skip the neutralising."""
    helper = BASE_DIR / "core" / "csv_export.py"
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    found = [
        path.relative_to(BASE_DIR)
        for folder in PROJECT_FOLDERS
        for path in (BASE_DIR / folder).rglob("*.py")
        if path != helper and writers.search(path.read_text())
    ]
    assert found == []


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_public_register_export_neutralises_names(client):
    from registry.tests.test_public import registered

    registered(['=HYPERLINK("http://evil.example","Klik")', "Almindelig ApS"])
    response = client.get(reverse("registry:register_csv"))
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    names = sorted(row["navn"] for row in rows)
    assert names == ['\'=HYPERLINK("http://evil.example","Klik")', "Almindelig ApS"]
    assert {row["stiftelsesaar"] for row in rows} == {"2010"}  # a number, written as one


def test_the_personal_data_export_neutralises_what_people_typed(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    guidance_enquiry(
        name="@Mette Jensen",
        organisation="-Odense Kommune",
        email="person@example.dk",
        phone="+45 12 34 56 78",
        question="=cmd|' /C calc'!A0",
    )
    admin = ensure_verified_user(
        "admin@example.dk", "x-Adgangskode-9876", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    response = client.post(
        reverse("admin:guidance_personal_data"), {"email": "person@example.dk", "action": "csv"}
    )
    values = {row[1]: row[2] for row in _rows(response.content)[1:]}
    assert values["name"] == "'@Mette Jensen"
    assert values["organisation"] == "'-Odense Kommune"
    assert values["phone"] == "'+45 12 34 56 78"
    assert values["question"] == "'=cmd|' /C calc'!A0"


def test_the_statistics_export_is_written_by_the_helper(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    adviser = ensure_verified_user(
        "raadgiver@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.ADVISERS]
    )
    client.force_login(adviser)
    response = client.get(reverse("guidance:statistics_csv"))
    assert response.content.startswith("\ufeff".encode())
    rows = _rows(response.content)
    assert rows[0] == ["Opgørelse", "Kategori", "Værdi"]
    assert ["I alt", "Henvendelser", "0"] in rows


def test_the_participant_list_neutralises_names_and_organisations(client, settings):
    from events import services
    from events.tests.factories import details, make_event

    settings.STAFF_MFA_REQUIRED = False
    event = make_event(capacity=5, title="Netværksmøde")
    services.confirm_signup(
        services.register(event, **details(1, name="=1+2", organisation="@firma", needs="-vegetar"))
    )
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.EDITORS]
    )
    client.force_login(editor)
    response = client.post(
        "/admin/events/event/", {"action": "export_participants", "_selected_action": [event.pk]}
    )
    header, row = _rows(response.content)
    cells = dict(zip(header, row, strict=True))
    assert cells["Navn"] == "'=1+2"
    assert cells["Organisation"] == "'@firma"
    assert cells["Hensyn"] == "'-vegetar"
