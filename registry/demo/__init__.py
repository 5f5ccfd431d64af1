"""Demo content for the registry: about 40 registered enterprises and a case in every status.

Idempotent: enterprises are keyed by their (fictional) CVR numbers and left alone when present.
"""

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.services import ensure_verified_user
from geography.models import Municipality
from registry.demo.enterprises import (
    build_enterprise,
    first_cvrs,
    purpose_parts,
    registered_on,
)
from registry.models import (
    DECISION_PERIOD,
    AccountStatus,
    Application,
    ApplicationStatus,
    Assessment,
    CaseEvent,
    Criterion,
    Document,
    Enterprise,
    Hearing,
    HearingGround,
    HearingOutcome,
    LegalForm,
    LetterKind,
    Outcome,
    PurposeField,
    SocialAccount,
    SupervisionCase,
    SupervisionStatus,
)
from registry.page_cache import register_changed
from registry.services import supervision
from registry.services.decisions import issue_letter
from registry.services.hearings import start_hearing
from registry.services.social_accounts import accounts_deadline

REGISTERED_COUNT = 40
FIRST_ACCOUNTS_YEAR = 2015
DEMO_APPLICANT = "ansoeger@demo.socialvirksomhed.dk"
DEMO_HANDLER = "sagsbehandler@demo.socialvirksomhed.dk"
DEMO_PDF = b"%PDF-1.4\n% Demo: vedtaegter\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ANSWERS = {
    "purpose_in_articles": True,
    "vat_registered": True,
    "public_ownership_share": 0,
    "public_board_majority": False,
    "involves_employees": True,
    "involves_stakeholders": True,
    "profit_use": "reinvest",
    "profit_lock_in_articles": True,
}
# The free-text answers take turns, so that the demo cases do not all read alike.
TRADE_TEXTS = (
    "Salg til private kunder og faste aftaler med kommuner.",
    "Salg i egen butik og til virksomheder i området.",
    "Opgaver for boligforeninger og virksomheder efter tilbud.",
    "Salg til private og erhvervskunder; enkelte opgaver for regionen.",
)
INDEPENDENCE_TEXTS = (
    "Ingen offentlige ejere eller bestyrelsesmedlemmer.",
    "Kommunen køber ydelser hos os, men har ingen ejerandel og ingen plads i bestyrelsen.",
    "Vi får tilskud fra en privat fond; ingen myndighed har indflydelse på driften.",
)
GOVERNANCE_TEXTS = (
    "Medarbejdervalgte i bestyrelsen og et brugerråd.",
    "To medarbejdere sidder i bestyrelsen, og kunderne bliver spurgt hvert år.",
    "Et råd af medarbejdere, frivillige og samarbejdspartnere mødes med ledelsen hvert kvartal.",
)
PROFIT_TEXTS = (
    "Overskuddet geninvesteres i flere arbejdspladser.",
    "Overskuddet går til nyt udstyr og til uddannelse af medarbejderne.",
    "Overskuddet bliver i virksomheden og bruges til at nå flere i målgruppen.",
)
# How an approved social account tells of the year, by the enterprise's field of purpose.
PURPOSE_REPORTS = {
    PurposeField.EMPLOYMENT: (
        "I årets løb havde {many} medarbejdere, som før stod uden for arbejdsmarkedet, "
        "fast arbejde hos os, og {few} gik videre til job i andre virksomheder."
    ),
    PurposeField.SOCIAL: (
        "{many} borgere kom fast hos os i årets løb. {few} af dem er nu i gang med "
        "uddannelse, job eller frivilligt arbejde."
    ),
    PurposeField.HEALTH: (
        "{many} borgere var i forløb hos os i årets løb, og {few} af dem er vendt tilbage "
        "til arbejde eller uddannelse."
    ),
    PurposeField.ENVIRONMENT: (
        "Vi sparede i årets løb omkring {many} tons affald og brugte {few} % mindre energi "
        "end året før."
    ),
    PurposeField.CULTURE: (
        "Vi holdt {many} gratis arrangementer for børn og unge, og {few} skoler "
        "og foreninger var med til at planlægge dem."
    ),
    PurposeField.CITIZENSHIP: (
        "{many} frivillige var med i årets løb, og på {few} åbne møder besluttede borgerne "
        "sammen med os, hvad vi skal lave næste år."
    ),
}
INDEPENDENCE_REPORTS = (
    "Bestyrelsen har to medarbejdervalgte medlemmer og ingen fra det offentlige.",
    "Ingen myndighed har plads i ledelsen; medarbejderne holdt to fællesmøder med bestyrelsen.",
    "Brugerrådet mødtes fire gange og gav råd om årets aktiviteter. Kommunen er kunde, ikke ejer.",
)
# Case statuses shown on the demo applicant's "Mine sager", each with its path through the states.
CASE_PATHS = {
    ApplicationStatus.DRAFT: [],
    ApplicationStatus.SUBMITTED: ["submit"],
    ApplicationStatus.UNDER_REVIEW: ["submit", "take"],
    ApplicationStatus.AWAITING_APPLICANT: ["submit", "take", "request_information"],
    ApplicationStatus.REJECTED: ["submit", "take", "reject"],
    ApplicationStatus.WITHDRAWN: ["submit", "withdraw"],
    ApplicationStatus.DEREGISTERED: ["submit", "take", "register", "deregister"],
}
STEP_TARGETS = {
    "submit": (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED),
    "take": (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
    "request_information": (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.AWAITING_APPLICANT),
    "register": (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.REGISTERED),
    "reject": (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.REJECTED),
    "withdraw": (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
    "deregister": (ApplicationStatus.REGISTERED, ApplicationStatus.DEREGISTERED),
}
DEMO_LETTERS = {
    ApplicationStatus.REGISTERED: LetterKind.REGISTRATION,
    ApplicationStatus.REJECTED: LetterKind.REFUSAL,
    ApplicationStatus.DEREGISTERED: LetterKind.DEREGISTRATION,
}
HEARING_NOTICE = (
    "Vi har ikke modtaget jeres sociale regnskab for sidste år, og fristen er overskredet. "
    "Send regnskabet, eller fortæl os, hvorfor det er forsinket."
)
DIVIDEND_BREACH = "Udbyttet er mere end 35 % af årets overskud efter skat."
REMEDY_NOTE = (
    "Det udbetalte udbytte overstiger loftet. Send en plan for, hvordan beløbet over loftet "
    "føres tilbage til virksomheden."
)

# The open case under review is a young enterprise that sent a budget instead of an annual
# report, and carries a case handler's internal note (never shown to the applicant).
NEW_ENTERPRISE_OFFSET = 2
INTERNAL_NOTE = "Ringet til direktøren: budgettet bygger på to underskrevne aftaler med kunder."
# Some registered enterprises keep a financial year that ends on 30 June.
JUNE_YEAR_END_EVERY = 5

MESSAGES = {
    "request_information": (
        "Send venligst en opgørelse af, hvor stor en del af salget der går til kommunen, så vi "
        "kan vurdere uafhængigheden."
    ),
    "reject": "Under 10 % af indtægterne kommer fra salg af varer og tjenester.",
    "withdraw": "Vi søger igen, når vedtægterne er ændret.",
    "deregister": "Det sociale regnskab er ikke modtaget trods påmindelser.",
}


def load() -> str:
    return _DemoRegistry().load()


class _DemoRegistry:
    @transaction.atomic
    def load(self) -> str:
        applicant = ensure_verified_user(
            DEMO_APPLICANT, DEMO_PASSWORD, first_name="Aske", last_name="Ansøger"
        )
        handler = User.objects.filter(email=DEMO_HANDLER).first() or ensure_verified_user(
            DEMO_HANDLER, DEMO_PASSWORD, is_staff=True, groups=[roles.CASE_HANDLERS]
        )
        municipalities = list(Municipality.objects.all())
        rng = random.Random(2015)
        cvrs = first_cvrs(REGISTERED_COUNT + len(CASE_PATHS))
        created = 0
        for index, cvr in enumerate(cvrs[:REGISTERED_COUNT]):
            if self._already_loaded(cvr):
                continue
            enterprise = build_enterprise(index, cvr, municipalities, rng)
            if index % JUNE_YEAR_END_EVERY == 3:
                enterprise.financial_year_end_month, enterprise.financial_year_end_day = 6, 30
            enterprise.save()
            if index == 0:
                enterprise.representatives.add(applicant)
            path = ["submit", "take", "register"]
            self._case(enterprise, path, handler, applicant, index, _answers(index, path))
            created += 1
        for offset, path in enumerate(CASE_PATHS.values()):
            cvr = cvrs[REGISTERED_COUNT + offset]
            if self._already_loaded(cvr):
                continue
            enterprise = build_enterprise(200 + offset, cvr, municipalities, rng)
            if offset == NEW_ENTERPRISE_OFFSET:
                enterprise.founded_year = timezone.localdate().year - 1
            enterprise.save()
            enterprise.representatives.add(applicant)
            answers = _answers(200 + offset, path)
            self._case(enterprise, path, handler, applicant, offset, answers, open_case=True)
            created += 1
        self._social_accounts(cvrs[:REGISTERED_COUNT], applicant, handler)
        self._letters_hearing_and_supervision(cvrs, handler)
        register_changed()
        return (
            f"Registry demo: {created} enterprises added. Demo applicant: {DEMO_APPLICANT} "
            "(the demo staff password), see /registrering/mine-sager/."
        )

    @staticmethod
    def _social_accounts(cvrs, applicant, handler):
        """Every year's accounts since registration: approved, mostly on time; last year's due
        for the demo applicant's enterprise and still under review or missing for a few."""
        last_year = timezone.localdate().year - 1
        enterprises = Enterprise.objects.filter(cvr__in=cvrs, registered_on__year__lte=last_year)
        for enterprise in enterprises:
            index = cvrs.index(enterprise.cvr)
            own = enterprise.representatives.filter(pk=applicant.pk).exists()
            first_year = max(enterprise.registered_on.year, FIRST_ACCOUNTS_YEAR)
            for year in range(first_year, last_year + 1):
                defaults = {"deadline": accounts_deadline(year, enterprise)}
                if year == last_year and (own or index % 9 == 4):
                    SocialAccount.objects.get_or_create(
                        enterprise=enterprise, financial_year=year, defaults=defaults
                    )
                    continue
                status = AccountStatus.SUBMITTED if year == last_year and index % 7 == 3 else None
                report = _approved_account(enterprise, index, year)
                SocialAccount.objects.get_or_create(
                    enterprise=enterprise,
                    financial_year=year,
                    defaults=defaults
                    | report
                    | _reviewed(
                        applicant, handler, year, late=(index + year) % 4 == 0, status=status
                    ),
                )

    @staticmethod
    def _letters_hearing_and_supervision(cvrs, handler):
        """Decision letters for the decided cases (written by the services' own code), a hearing
        the demo applicant can answer, and supervision cases from signals in the accounts."""
        decided = Application.objects.filter(
            enterprise__cvr__in=cvrs, status__in=DEMO_LETTERS, letters__isnull=True
        ).select_related("enterprise")
        for application in decided:
            if application.status == ApplicationStatus.DEREGISTERED:
                sent = timezone.now() - dt.timedelta(days=30)
                Hearing.objects.create(
                    application=application,
                    ground=HearingGround.MISSING_ACCOUNTS,
                    notice=MESSAGES["deregister"],
                    sent_at=sent,
                    sent_by=handler,
                    deadline=(sent + dt.timedelta(days=14)).date(),
                    closed_at=application.decided_at or timezone.now(),
                    outcome=HearingOutcome.DEREGISTERED,  # the decision ended it
                )
            reason = MESSAGES["deregister"] if application.status == "deregistered" else ""
            issue_letter(application, DEMO_LETTERS[application.status], by=handler, reason=reason)
        own = Application.objects.get(enterprise__cvr=cvrs[0], status=ApplicationStatus.REGISTERED)
        if not own.hearings.exists():
            start_hearing(own, HearingGround.MISSING_ACCOUNTS, HEARING_NOTICE, by=handler)
        SocialAccount.objects.filter(enterprise__cvr=cvrs[1], status=AccountStatus.APPROVED).update(
            turnover=0
        )
        SocialAccount.objects.filter(enterprise__cvr=cvrs[2], status=AccountStatus.APPROVED).update(
            dividend_paid=90_000, dividend_breaches=[DIVIDEND_BREACH]
        )
        supervision.detect_signals()
        supervision.compare_with_cvr()  # two demo companies differ in cvr_local.json
        for case in SupervisionCase.objects.filter(
            enterprise__cvr=cvrs[2], status=SupervisionStatus.OPENED
        ):
            supervision.start_remedy(case, REMEDY_NOTE, by=handler)

    @staticmethod
    def _already_loaded(cvr: str) -> bool:
        return Enterprise.objects.filter(cvr=cvr).exists()

    def _case(self, enterprise, path, handler, applicant, index, answers, *, open_case=False):
        if open_case:
            # Open cases were submitted recently; one is past the 4 weeks to show an overdue case.
            submitted = timezone.now() - dt.timedelta(days=33 if index == 1 else 3 + index * 4)
        else:
            submitted = timezone.make_aware(
                dt.datetime.combine(registered_on(index), dt.time(10)) - dt.timedelta(days=20)
            )
        application = Application.objects.create(
            enterprise=enterprise,
            created_by=applicant,
            case_number=f"RSV-DEMO-{enterprise.cvr}",
            completed_steps=[
                "enterprise",
                "purpose",
                "trade",
                "independence",
                "governance",
                "profit",
                "documents",
            ][: 7 if path else 3],
            **answers,
        )
        self._event(application, applicant, "create", "", ApplicationStatus.DRAFT, submitted)
        new_enterprise = open_case and index == NEW_ENTERPRISE_OFFSET
        if path:
            self._documents(application, applicant, new_enterprise=new_enterprise)
        at = submitted
        paused_since = None
        status = ApplicationStatus.DRAFT
        for step in path:
            source, status = STEP_TARGETS[step]
            actor = applicant if step in ("submit", "withdraw") else handler
            message = MESSAGES.get(step, "")
            if step == "reject":  # as the service writes it: the criterion, then the reason
                message = f"{Criterion.TRADE.label}: {message}"
            self._event(application, actor, step, source, status, at, message)
            if step == "request_information":  # the four weeks stop until the answer
                paused_since = at
            at += dt.timedelta(days=3)
        if new_enterprise:
            CaseEvent.record(
                application=application,
                by=handler,
                action="note",
                note=INTERNAL_NOTE,
                staff_only=True,
                changed_at=at,
            )
        if path:
            Application.objects.filter(pk=application.pk).update(
                new_enterprise=new_enterprise, paused_since=paused_since
            )
            if "take" in path:
                self._assess(
                    application, handler, rejected="reject" in path, done=path[-1] != "take"
                )
            self._finish(application, status, submitted, handler if "take" in path else None)

    @staticmethod
    def _documents(application, applicant, *, new_enterprise: bool):
        """The articles, and the annual report (a young enterprise's budget instead)."""
        evidence = ("budget", "budget.pdf") if new_enterprise else ("annual_report", "rapport.pdf")
        for kind, name in [("articles", "vedtaegter.pdf"), evidence]:
            Document.objects.create(
                application=application,
                kind=kind,
                file=ContentFile(DEMO_PDF, name=name),
                original_name=name,
                size=len(DEMO_PDF),
                uploaded_by=applicant,
            )

    @staticmethod
    def _event(application, actor, action, source, target, at, message=""):
        CaseEvent.record(
            application=application,
            by=actor,
            action=action,
            from_status=source,
            to_status=target,
            note=message,
            changed_at=at,
        )

    @staticmethod
    def _assess(application, handler, *, rejected: bool, done: bool):
        for criterion in Criterion.values:
            failed = rejected and criterion == Criterion.TRADE
            outcome = Outcome.NOT_MET if failed else (Outcome.MET if done else "")
            Assessment.objects.create(
                application=application,
                criterion=criterion,
                outcome=outcome,
                note=MESSAGES["reject"] if failed else "",
                assessed_by=handler if outcome else None,
            )

    @staticmethod
    def _finish(application, status, submitted, handler):
        enterprise = application.enterprise
        decided = status in (
            ApplicationStatus.REGISTERED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.DEREGISTERED,
        )
        Application.objects.filter(pk=application.pk).update(
            status=status,
            handler=handler,
            submitted_at=submitted,
            deadline=submitted + DECISION_PERIOD,
            declaration_accepted_at=submitted,
            decided_at=submitted + dt.timedelta(days=6) if decided else None,
            version=len(CASE_PATHS),
        )
        if status in (ApplicationStatus.REGISTERED, ApplicationStatus.DEREGISTERED):
            enterprise.registered_on = (submitted + dt.timedelta(days=20)).date()
            enterprise.registration_number = f"RSV{enterprise.registered_on:%Y}{application.pk:06d}"
            if status == ApplicationStatus.DEREGISTERED:
                enterprise.deregistered_on = timezone.localdate()
            enterprise.save()


def _approved_account(enterprise, index: int, year: int) -> dict:
    """What the ``index``-th demo enterprise's social account for ``year`` reports: its size
    grows a little most years, its margin and its people vary from year to year."""
    rng = random.Random(f"{enterprise.cvr}-{year}")
    growth = 1 + (year - enterprise.registered_on.year) * rng.uniform(0.0, 0.08)
    size = 10 ** random.Random(enterprise.cvr).uniform(5.6, 7.8)  # 0.4 to 63 mio. kr.
    turnover = round(size * growth * rng.uniform(0.85, 1.15), -3)
    profit = round(turnover * rng.uniform(-0.04, 0.09), -3)
    dividend = 0
    owned = (LegalForm.APS, LegalForm.AS, LegalForm.PS, LegalForm.AMBA)
    if enterprise.legal_form in owned and profit > 0:
        dividend = round(profit * rng.uniform(0.1, 0.34), -3)
    employees = max(1, round(turnover / 700_000 * rng.uniform(0.6, 1.4)))
    target_share = 0.6 if enterprise.purpose_field == PurposeField.EMPLOYMENT else 0.25
    return {
        "turnover": int(turnover),
        "profit_after_tax": int(profit),
        "dividend_paid": int(dividend),
        "paid_in_capital": 50_000 + (index % 4) * 100_000,
        "employees": employees,
        "target_group_employees": round(employees * target_share * rng.uniform(0.5, 1.2)),
        "volunteers": rng.choice([0, 0, 3, 8, 15, 40]),
        "management_pay": (
            f"Daglig leder: {480 + (index * 15) % 90}.000 kr. Bestyrelsen er ulønnet."
        ),
        "purpose_report": PURPOSE_REPORTS[enterprise.purpose_field].format(
            # one (many, few) pair per enterprise and year: no two reports read the same
            many=12 + index,
            few=1 + year - FIRST_ACCOUNTS_YEAR,
        ),
        "independence_report": INDEPENDENCE_REPORTS[(index + year) % len(INDEPENDENCE_REPORTS)],
    }


def _reviewed(applicant, handler, year: int, *, late: bool, status=None) -> dict:
    """Submitted a month before the deadline (or a month after it), approved three weeks on
    unless ``status`` says otherwise."""
    deadline = accounts_deadline(year)
    submitted = timezone.make_aware(
        dt.datetime.combine(deadline + dt.timedelta(days=30 if late else -30), dt.time(11))
    )
    reviewed = status is None
    return {
        "status": status or AccountStatus.APPROVED,
        "submitted_at": submitted,
        "submitted_by": applicant,
        "reviewed_at": submitted + dt.timedelta(days=21) if reviewed else None,
        "reviewed_by": handler if reviewed else None,
    }


def _answers(index: int, path: list[str]) -> dict:
    """The application's answers for the ``index``-th demo enterprise."""
    rejected = "reject" in path  # refused for too little trade (see MESSAGES)
    return ANSWERS | {
        "purpose_text": f"{purpose_parts(index)[1]} Formålet står i vedtægternes § 2.",
        "trade_income_share": 8 if rejected else 55 + (index * 7) % 40,
        "trade_text": (
            "Vi lever mest af tilskud og donationer; salget er endnu lille."
            if rejected
            else TRADE_TEXTS[index % len(TRADE_TEXTS)]
        ),
        "independence_text": INDEPENDENCE_TEXTS[index % len(INDEPENDENCE_TEXTS)],
        "governance_text": GOVERNANCE_TEXTS[(index // 2) % len(GOVERNANCE_TEXTS)],
        "profit_text": PROFIT_TEXTS[(index // 3) % len(PROFIT_TEXTS)],
    }
