"""What the CVR register says about a company: name, address and legal form.

With ``CVR_API_URL`` set, the facts come from Erhvervsstyrelsen's CVR data service (the
"System-til-system" Elasticsearch endpoint, basic auth). Without it (demo, tests) they come from
``registry/data/cvr_local.json``, a handful of fictional companies.
"""

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import requests
from django.conf import settings
from stdnum.dk import cvr as stdnum_cvr

from geography.models import Municipality
from registry.models import LegalForm

logger = logging.getLogger(__name__)
LOCAL_DATA = Path(__file__).parent / "data" / "cvr_local.json"
TIMEOUT_SECONDS = 5

# CVR's short names of legal forms, as our codes (eligible ones in LegalForm, the others in
# INELIGIBLE_LEGAL_FORMS). A form not listed here cannot be registered either.
LEGAL_FORMS = {
    "A/S": "as",
    "APS": "aps",
    "P/S": "ps",
    "AMBA": "amba",
    "FMBA": "fmba",
    "FORN": "forening",
    "FOR": "forening",
    "EFO": "fond",
    "ENK": "enkeltmand",
    "I/S": "is",
    "K/S": "ks",
    "PMV": "pmv",
}


# CVR's composite statuses ("sammensatStatus") of a company that no longer exists.
CEASED_STATUSES = ("OPHØRT", "OPLØST", "TVANGSOPLØST")


class CvrUnavailable(Exception):
    """The CVR data service did not answer; the applicant may try again later."""


@dataclass(frozen=True)
class CompanyFacts:
    cvr: str
    name: str
    legal_form: str  # our code, or "" for a form we do not know
    legal_form_text: str  # as CVR writes it
    address: str
    postal_code: str
    city: str
    municipality: Municipality | None
    status: str = ""  # as CVR writes it ("NORMAL", "OPHØRT", ...); "" when not given

    @property
    def ceased(self) -> bool:
        """CVR says the company has ceased or been dissolved."""
        return self.status.upper().startswith(CEASED_STATUSES)

    @property
    def legal_form_label(self) -> str:
        return LegalForm(self.legal_form).label

    def enterprise_fields(self) -> dict:
        return {
            "name": self.name,
            "legal_form": self.legal_form,
            "address": self.address,
            "postal_code": self.postal_code,
            "city": self.city,
            "municipality": self.municipality,
        }


def lookup(cvr: str) -> CompanyFacts | None:
    """The company's facts, or None when the number is invalid or CVR does not know it."""
    cvr = stdnum_cvr.compact(cvr or "")
    if not stdnum_cvr.is_valid(cvr):
        return None
    record = _remote(cvr) if settings.CVR_API_URL else _local().get(cvr)
    return _facts(cvr, record) if record else None


@cache
def _local() -> dict:
    return json.loads(LOCAL_DATA.read_text(encoding="utf-8"))


def _remote(cvr: str) -> dict | None:
    query = {"query": {"term": {"Vrvirksomhed.cvrNummer": int(cvr)}}, "size": 1}
    try:
        response = requests.post(
            settings.CVR_API_URL,
            json=query,
            auth=(settings.CVR_API_USER, settings.CVR_API_PASSWORD),
            timeout=TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        hits = response.json()["hits"]["hits"]
    except (requests.RequestException, ValueError, KeyError) as error:
        logger.warning("CVR data service unavailable: %s", type(error).__name__)
        raise CvrUnavailable from error
    return from_cvr_document(hits[0]["_source"]) if hits else None


def from_cvr_document(source: dict) -> dict:
    """The fields we use from one "Vrvirksomhed" document of the CVR data service."""
    meta = source["Vrvirksomhed"]["virksomhedMetadata"]
    address = meta.get("nyesteBeliggenhedsadresse") or {}
    house = f"{address.get('husnummerFra') or ''}{address.get('bogstavFra') or ''}"
    return {
        "name": (meta.get("nyesteNavn") or {}).get("navn", ""),
        "form": (meta.get("nyesteVirksomhedsform") or {}).get("kortBeskrivelse", ""),
        "street": " ".join(part for part in [address.get("vejnavn") or "", house] if part),
        "postal_code": str(address.get("postnummer") or ""),
        "city": address.get("postdistrikt") or "",
        "municipality": (address.get("kommune") or {}).get("kommuneKode"),
        "status": meta.get("sammensatStatus") or "",
    }


def _facts(cvr: str, record: dict) -> CompanyFacts:
    code = record.get("municipality")
    return CompanyFacts(
        cvr=cvr,
        name=record["name"],
        legal_form=LEGAL_FORMS.get(record["form"].upper(), ""),
        legal_form_text=record["form"],
        address=record["street"],
        postal_code=record["postal_code"],
        city=record["city"],
        municipality=Municipality.objects.filter(code=code).first() if code else None,
        status=record.get("status", ""),
    )
