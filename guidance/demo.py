"""Demo data for the guidance service: 200 enquiries over a year, every status. Idempotent."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.roles import ADVISERS
from core.workdays import add_working_days
from geography.models import Municipality
from guidance.models import (
    REFERENCE_ALPHABET,
    Enquiry,
    EnquiryStatus,
    Message,
    MessageKind,
    Partner,
    Referral,
    Satisfaction,
    StatusChange,
)
from guidance.services import with_article_links
from portal.models import Article

DEMO_DOMAIN = "demo-spoerger.dk"
UNCONFIRMED_COUNT = 3
COUNT = 200
ADVISERS_DEMO = [
    ("raadgiver@demo.socialvirksomhed.dk", "Randi", "Rådgiver"),
    ("karin.lund@demo.socialvirksomhed.dk", "Karin", "Lund"),
    ("thomas.bach@demo.socialvirksomhed.dk", "Thomas", "Bach"),
]
FIRST_NAMES = [
    "Mette",
    "Lars",
    "Anne",
    "Jens",
    "Hanne",
    "Peter",
    "Sofie",
    "Mikkel",
    "Camilla",
    "Rasmus",
    "Lone",
    "Henrik",
    "Ida",
    "Søren",
    "Birgitte",
    "Kasper",
    "Louise",
    "Niels",
    "Pia",
    "Ahmad",
    "Fatima",
    "Jonas",
    "Maja",
    "Ole",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Østergaard",
]
# (requester type, topics, organisation pattern, question) - written for the demo.
CASES = [
    (
        "municipality",
        ["procurement", "public_cooperation"],
        "{m} Kommune, Indkøb",
        "Vi skal i udbud med rengøring af vores daginstitutioner og vil gerne stille krav om "
        "praktikpladser til borgere på kanten af arbejdsmarkedet. Hvordan formulerer vi en social "
        "klausul, så den holder juridisk, og kan socialøkonomiske virksomheder byde alene?",
    ),
    (
        "municipality",
        ["public_cooperation", "networks"],
        "{m} Kommune, Erhvervsafdelingen",
        "Byrådet har besluttet en strategi for socialøkonomi. Hvad har andre kommuner gjort for at "
        "samle de lokale virksomheder, og kan I holde et oplæg for vores politikere?",
    ),
    (
        "job_centre",
        ["employment"],
        "Jobcenter {m}",
        "Vi har flere borgere i ressourceforløb, som kunne have gavn af et job i en "
        "socialøkonomisk "
        "virksomhed. Hvilke ordninger kan vi bruge - løntilskud, fleksjob eller "
        "virksomhedspraktik - "
        "og hvordan sikrer vi, at virksomheden ikke bliver afhængig af tilskuddet?",
    ),
    (
        "job_centre",
        ["employment", "public_cooperation"],
        "Jobcenter {m}",
        "Vi vil gerne indgå en fast partnerskabsaftale med et lokalt café-projekt om "
        "afklaringsforløb. "
        "Findes der skabeloner til sådan en aftale?",
    ),
    (
        "region",
        ["public_cooperation", "procurement"],
        "Region {r}",
        "Regionen køber ind til hospitalernes kantiner. Kan vi reservere en del af kontrakten til "
        "socialøkonomiske virksomheder efter udbudsloven?",
    ),
    (
        "business_service",
        ["start_up", "development"],
        "Erhvervshus {r}",
        "Vi møder flere iværksættere med en social idé, men vores rådgivere kender ikke "
        "feltet. Har I "
        "materiale eller kurser, vi kan bruge i vores vejledning?",
    ),
    (
        "business_service",
        ["networks"],
        "{m} Erhvervsservice",
        "Kan Vækstcentret være med til at starte et lokalt netværk for socialøkonomiske "
        "virksomheder "
        "i vores område?",
    ),
    (
        "entrepreneur",
        ["start_up", "legal_form"],
        "",
        "Jeg vil starte et cykelværksted, der ansætter unge uden uddannelse. Skal jeg vælge en "
        "forening eller et ApS, og hvad betyder valget for muligheden for at blive registreret?",
    ),
    (
        "entrepreneur",
        ["financing", "start_up"],
        "",
        "Jeg har en forretningsplan for et vaskeri med ansatte med psykiske sårbarheder. "
        "Hvor kan jeg "
        "søge startkapital, og vil fonde også støtte et selskab, der sælger ydelser?",
    ),
    (
        "entrepreneur",
        ["registration", "legal_form"],
        "",
        "Jeg driver en enkeltmandsvirksomhed med genbrugsmøbler. Kan jeg blive registreret som "
        "socialøkonomisk virksomhed, eller skal jeg først omdanne den?",
    ),
    (
        "enterprise",
        ["registration"],
        "{n} ApS",
        "Vi vil gerne registreres som socialøkonomisk virksomhed. Hvad skal der stå i "
        "vores vedtægter "
        "om formål og overskud, og hvor meget udbytte må vi udbetale til ejerne?",
    ),
    (
        "enterprise",
        ["registration", "legal_form"],
        "{n} ApS",
        "Vi er registreret og skal lave vores første sociale regnskab. Hvad skal redegørelsen "
        "indeholde, og hvornår skal det indsendes?",
    ),
    (
        "enterprise",
        ["development", "financing"],
        "{n} ApS",
        "Vores salg af catering vokser, og vi overvejer at åbne en afdeling mere. Hvordan "
        "finansierer "
        "vi udvidelsen uden at miste vores sociale fokus?",
    ),
    (
        "enterprise",
        ["procurement"],
        "{n} A/S",
        "Vi vil gerne byde på kommunale opgaver inden for grøn pleje. Hvordan finder vi udbud med "
        "sociale klausuler, og kan vi byde sammen med en større virksomhed?",
    ),
    (
        "association",
        ["legal_form", "development"],
        "Foreningen {n}",
        "Vores forening driver en genbrugsbutik med frivillige. Vi vil gerne ansætte en leder og "
        "begynde at sælge mere. Skal vi stifte et selskab ved siden af foreningen?",
    ),
    (
        "association",
        ["networks", "public_cooperation"],
        "Foreningen {n}",
        "Vi samarbejder med kommunen om et værested. Hvordan bliver vi en mere ligeværdig "
        "partner og "
        "ikke bare en modtager af tilskud?",
    ),
    (
        "investor",
        ["financing"],
        "Fonden {n}",
        "Vores fond vil gerne investere i socialøkonomiske virksomheder med lån frem for "
        "donationer. "
        "Kender I virksomheder, der er klar til at modtage lånekapital?",
    ),
    (
        "investor",
        ["financing", "registration"],
        "{n} Invest",
        "Må vi som investor få afkast af en registreret socialøkonomisk virksomhed, og hvordan "
        "beregnes grænsen for rimeligt afkast?",
    ),
    (
        "other",
        ["other"],
        "",
        "Jeg skriver speciale om socialøkonomi i Danmark. Har I tal for, hvor mange "
        "virksomheder der "
        "er registreret, og hvilke brancher de er i?",
    ),
    (
        "other",
        ["networks", "other"],
        "{n} Rådgivning",
        "Vi er et konsulenthus, der vil tilbyde bestyrelsesarbejde pro bono. Hvordan kommer vi i "
        "kontakt med virksomheder, der har brug for det?",
    ),
]
ANSWERS = {
    "procurement": "Udbudsloven giver mulighed for at stille krav om beskæftigelse af bestemte "
    "grupper, når kravet har forbindelse til kontrakten. Vi anbefaler at beskrive kravet som et "
    "antal praktik- eller løntimer og at tale med markedet før udbuddet.",
    "employment": "Jobcentret kan bruge de almindelige ordninger i en socialøkonomisk "
    "virksomhed. Det vigtigste er en plan for, hvordan borgeren kommer videre, og en aftale om "
    "opfølgning. Vi sender gerne eksempler på aftaler fra andre kommuner.",
    "registration": "For at blive registreret skal virksomheden opfylde fem kriterier, og "
    "formålet skal stå i vedtægterne. Et selskab med eget CVR-nummer kan registreres; en "
    "enkeltmandsvirksomhed kan ikke. Overskuddet skal primært bruges socialt, og udbyttet er "
    "begrænset.",
    "legal_form": "Valget af selskabsform afhænger af, om I vil have investorer, og hvordan I "
    "vil styre virksomheden. Både foreninger og anpartsselskaber kan registreres, hvis de "
    "opfylder kriterierne. Vi gennemgår gerne jeres udkast til vedtægter.",
    "financing": "Der findes både fonde, lånekapital og crowdfunding, som henvender sig til "
    "socialøkonomiske virksomheder. Vi anbefaler at kombinere salg med en eller to større "
    "bevillinger og at have styr på budgettet for de første tre år.",
    "networks": "Der er gode erfaringer med lokale netværk, hvor kommune, erhvervsservice og "
    "virksomheder mødes et par gange om året. Vi kan deltage ved opstarten.",
    "default": "Tak for dit spørgsmål. Vi har samlet de vigtigste punkter herunder og vedhæfter "
    "links til artikler på vidensportalen.",
}
FOLLOW_UPS = [
    "Tak for svaret. Kan vi aftale et kort møde om det?",
    "Det var meget brugbart. Har I et eksempel fra en anden kommune?",
    "Tak! Vi vender tilbage, når bestyrelsen har drøftet det.",
]
NOTES = [
    "Ligner henvendelsen fra sidste måned - se samme svar.",
    "Har talt med spørgeren i telefonen, afventer dokumenter.",
    "Bør henvises til den lokale erhvervsservice bagefter.",
]
SATISFACTION_COMMENTS = [
    "",
    "",
    "Hurtigt og brugbart svar.",
    "Rigtig god hjælp, tak.",
    "Svaret kom lidt sent.",
]
ENTERPRISE_NAMES = [
    "Grøn Omsorg",
    "Cykelhjælpen",
    "Kaffe & Kompetence",
    "Nye Spor",
    "Genbrugs-Huset",
    "Madværket",
]


def load() -> str:
    """200 demo advisory enquiries, skipped when they are already there."""
    if Enquiry.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count() >= COUNT:
        return "Guidance demo data is already loaded."
    with transaction.atomic():
        Enquiry.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
        demo = _DemoEnquiries()
        demo.create_enquiries(random.Random(2014), demo.demo_advisers())
    return f"Loaded {COUNT} demo advisory enquiries."


class _DemoEnquiries:
    """Requests played out through their history, sharing the demo's article links."""

    def demo_advisers(self) -> list:
        group = Group.objects.get(name=ADVISERS)
        users = []
        for email, first, last in ADVISERS_DEMO:
            user, created = get_user_model().objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last, "is_staff": True}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            user.groups.add(group)
            users.append(user)
        return users

    def create_enquiries(self, rng: random.Random, advisers: list) -> None:
        municipalities = list(Municipality.objects.select_related("region"))
        # Answers link to the portal's published Danish articles when the portal demo is loaded.
        self.articles = list(Article.objects.published().filter(language="da").order_by("pk")[:20])
        now = timezone.now()
        for index in range(COUNT):
            requester_type, topics, organisation, question = CASES[index % len(CASES)]
            municipality = rng.choice(municipalities)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            # A few of the newest still wait for the requester to confirm the e-mail address.
            unconfirmed = index < UNCONFIRMED_COUNT
            age = rng.uniform(0, 1.5) if unconfirmed else rng.uniform(0, 365)
            created_at = now - dt.timedelta(days=age, hours=rng.uniform(0, 8))
            code = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            enquiry = Enquiry.objects.create(
                reference=f"R{timezone.localtime(created_at).year}-{code}",
                requester_type=requester_type,
                name=f"{first} {last}",
                organisation=organisation.format(
                    m=municipality.name,
                    r=municipality.region.name,
                    n=rng.choice(ENTERPRISE_NAMES),
                ),
                municipality=municipality,
                email=f"{first}.{last}.{index}@{DEMO_DOMAIN}".lower().replace("ø", "oe"),
                phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}"
                if rng.random() < 0.6
                else "",
                topics=topics,
                question=question,
                preferred_contact=rng.choice(["email", "email", "phone", "meeting"]),
                consent=True,
                created_at=created_at,
            )
            target = EnquiryStatus.UNCONFIRMED if unconfirmed else None
            self.play_out(enquiry, rng, rng.choice(advisers), now, target)

    def target_status(self, rng: random.Random, age_days: int) -> str:
        """Recent enquiries are still being handled; most older ones are closed."""
        if age_days < 2 and rng.random() < 0.3:
            return EnquiryStatus.UNCONFIRMED
        weights = [20, 25, 15, 25, 15] if age_days < 30 else [0, 3, 4, 8, 85]
        statuses = [
            EnquiryStatus.RECEIVED,
            EnquiryStatus.IN_PROGRESS,
            EnquiryStatus.AWAITING_REQUESTER,
            EnquiryStatus.ANSWERED,
            EnquiryStatus.CLOSED,
        ]
        return rng.choices(statuses, weights=weights)[0]

    def play_out(self, enquiry: Enquiry, rng: random.Random, adviser, now, target=None) -> None:
        """Give the enquiry a plausible history for its age, ending in its target status."""
        target = target or self.target_status(rng, (now - enquiry.created_at).days)
        at = enquiry.created_at
        status = EnquiryStatus.UNCONFIRMED
        changes = [StatusChange(enquiry=enquiry, to_status=status, changed_at=at)]
        messages = [
            Message(
                enquiry=enquiry, kind=MessageKind.REQUESTER, body=enquiry.question, created_at=at
            )
        ]

        def move(to_status, when, by=adviser, note=""):
            nonlocal status
            changes.append(
                StatusChange(
                    enquiry=enquiry,
                    from_status=status,
                    to_status=to_status,
                    changed_by=by,
                    changed_at=when,
                    note=note,
                )
            )
            status = to_status

        def later(days: float):
            return min(at + dt.timedelta(days=days), now - dt.timedelta(minutes=5))

        if target != EnquiryStatus.UNCONFIRMED:
            at += dt.timedelta(minutes=rng.randint(2, 180))
            enquiry.email_confirmed_at = enquiry.received_at = at
            enquiry.due_date = add_working_days(timezone.localdate(at), 5)
            move(EnquiryStatus.RECEIVED, at, by=None, note="E-mailadressen er bekræftet.")
        if target not in (EnquiryStatus.UNCONFIRMED, EnquiryStatus.RECEIVED):
            at = later(rng.uniform(0.05, 1.5))
            enquiry.adviser = adviser
            move(EnquiryStatus.IN_PROGRESS, at, note=f"Tildelt {adviser}.")
            if rng.random() < 0.3:
                messages.append(
                    Message(
                        enquiry=enquiry,
                        kind=MessageKind.NOTE,
                        author=adviser,
                        body=rng.choice(NOTES),
                        created_at=at,
                    )
                )
        if target in (
            EnquiryStatus.AWAITING_REQUESTER,
            EnquiryStatus.ANSWERED,
            EnquiryStatus.CLOSED,
        ):
            on_time = rng.random() < 0.85
            at = later(rng.uniform(0.2, 6) if on_time else rng.uniform(8, 15))
            awaiting = target == EnquiryStatus.AWAITING_REQUESTER
            body = ANSWERS.get(enquiry.topics[0], ANSWERS["default"])
            if awaiting:
                body += "\n\nMå vi høre lidt mere om jeres økonomi og tidsplan?"
            if self.articles:
                body = with_article_links(body, rng.sample(self.articles, 1))
            messages.append(
                Message(
                    enquiry=enquiry,
                    kind=MessageKind.ADVISER,
                    author=adviser,
                    body=body,
                    created_at=at,
                )
            )
            enquiry.first_answered_at = at
            move(EnquiryStatus.AWAITING_REQUESTER if awaiting else EnquiryStatus.ANSWERED, at)
            if rng.random() < 0.25:
                Referral.objects.create(
                    enquiry=enquiry,
                    partner=rng.choice(Partner.values),
                    partner_name=rng.choice(["Erhvervshus", "Jobcenter", "Erhvervsstyrelsen"])
                    + f" {enquiry.municipality.region.name}",
                    note="Spørgeren er henvist for videre sparring lokalt.",
                    referred_by=adviser,
                    referred_at=at,
                )
        if target == EnquiryStatus.CLOSED:
            if rng.random() < 0.3:
                at = later(rng.uniform(0.5, 3))
                messages.append(
                    Message(
                        enquiry=enquiry,
                        kind=MessageKind.REQUESTER,
                        body=rng.choice(FOLLOW_UPS),
                        created_at=at,
                    )
                )
            at = later(rng.uniform(1, 10))
            move(EnquiryStatus.CLOSED, at)
            enquiry.closed_at = enquiry.satisfaction_requested_at = at
            if rng.random() < 0.6:
                Satisfaction.objects.create(
                    enquiry=enquiry,
                    score=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 8, 9])[0],
                    comment=rng.choice(SATISFACTION_COMMENTS),
                    answered_at=at,
                )
        enquiry.status = status
        self.save(enquiry, changes, messages)

    def save(self, enquiry, changes, messages) -> None:
        enquiry.save()
        StatusChange.objects.bulk_create(changes)
        Message.objects.bulk_create(messages)
