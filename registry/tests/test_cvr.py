"""The CVR client: the local data set, and the CVR data service over real HTTP."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from registry import cvr

pytestmark = pytest.mark.django_db

DOCUMENT = {
    "Vrvirksomhed": {
        "cvrNummer": 99900016,
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": "Grøn Genbrug A/S"},
            "nyesteVirksomhedsform": {"kortBeskrivelse": "A/S"},
            "nyesteBeliggenhedsadresse": {
                "vejnavn": "Vestergade",
                "husnummerFra": 4,
                "bogstavFra": "B",
                "postnummer": 8000,
                "postdistrikt": "Aarhus C",
                "kommune": {"kommuneKode": 751},
            },
        },
    }
}


class FakeCvrService(BaseHTTPRequestHandler):
    """Answers like the Elasticsearch endpoint; remembers what it was asked."""

    seen: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeCvrService.seen.append((self.headers["Authorization"], body))
        number = body["query"]["term"]["Vrvirksomhed.cvrNummer"]
        hits = [{"_source": DOCUMENT}] if number == 99900016 else []
        answer = json.dumps({"hits": {"hits": hits}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def cvr_service(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeCvrService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CVR_API_URL = f"http://127.0.0.1:{server.server_port}/cvr-permanent/virksomhed/_search"
    settings.CVR_API_USER, settings.CVR_API_PASSWORD = "bruger", "hemmelig"
    FakeCvrService.seen = []
    yield FakeCvrService.seen
    server.shutdown()
    server.server_close()


def test_the_local_data_set_answers_without_configuration():
    facts = cvr.lookup("99 90 00 24")
    assert (facts.name, facts.legal_form, facts.municipality.code) == (
        "Foreningen Fælleskøkkenet",
        "forening",
        461,
    )
    assert cvr.lookup("99900091") is None  # valid, but unknown
    assert cvr.lookup("12345678") is None  # invalid check digit: never asked


def test_the_cvr_data_service_is_asked_with_basic_auth(cvr_service):
    facts = cvr.lookup("99900016")
    assert (facts.name, facts.legal_form, facts.address, facts.postal_code, facts.city) == (
        "Grøn Genbrug A/S",
        "as",
        "Vestergade 4B",
        "8000",
        "Aarhus C",
    )
    assert facts.municipality.code == 751
    assert cvr.lookup("99900024") is None
    authorization, body = cvr_service[0]
    assert authorization == "Basic " + base64.b64encode(b"bruger:hemmelig").decode()
    assert body["query"] == {"term": {"Vrvirksomhed.cvrNummer": 99900016}}


def test_an_unreachable_service_is_a_clear_error_not_a_500(settings, client, django_user_model):
    settings.CVR_API_URL = "http://127.0.0.1:9/_search"  # nothing listens on the discard port
    with pytest.raises(cvr.CvrUnavailable):
        cvr.lookup("99900016")
    user = django_user_model.objects.create_user(email="x@example.dk", password="x")
    client.force_login(user)
    page = client.get("/registrering/ansoeg/", {"cvr": "99900016"})
    assert page.status_code == 200 and "CVR-registret svarer ikke" in page.content.decode()
