"""Generate many published articles quickly, for benchmarks (never in production).

Titles and texts are shuffled from Danish phrases about the domain, so full-text search, facets
and pagination behave as with real content. Rows are written with bulk_create; the database fills
the search vector itself.
"""

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal import facet_counts
from portal.content import plain_text, render_markdown
from portal.demo import load_themes
from portal.models import Article, ArticleStatus, ArticleType, Audience
from portal.page_cache import bump_content_version
from portal.services import remember_words

BATCH = 2000
BODY_POOL = 300
SUBJECTS = [
    "socialøkonomiske virksomheder",
    "registrering som RSV",
    "det sociale regnskab",
    "sociale klausuler",
    "samarbejdet med jobcentret",
    "kommunens indkøb",
    "finansiering fra fonde",
    "inddragende ledelse",
    "overskud og udbytte",
    "job til ledige",
    "frivillige og medarbejdere",
    "genbrug og miljø",
]
VERBS = ["Sådan styrker", "Derfor vælger", "Guide til", "Nyt om", "Erfaringer med", "Spørgsmål om"]
PLACES = ["i Aarhus", "i Odense", "på Bornholm", "i Aalborg", "i Esbjerg", "i København", "lokalt"]
SENTENCES = [
    "Virksomheden sælger varer og tjenester for at fremme et socialt formål.",
    "Overskuddet geninvesteres eller går til almennyttige formål.",
    "Jobcentret henviser borgere, der står langt fra arbejdsmarkedet.",
    "Kommunen stiller sociale klausuler i sine udbud.",
    "Medarbejdere og kunder inddrages i ledelsen.",
    "Det sociale regnskab viser, hvordan formålet er fremmet.",
    "Udbyttet må højst være 35 procent af årets overskud efter skat.",
    "Fonde og sociale investorer finansierer udviklingen.",
    "Registreringen fremgår af CVR, og virksomheden må bruge RSV-logoet.",
    "Netværket samler virksomheder, kommuner og andre samarbejdspartnere.",
    "Iværksætteren skriver en forretningsplan med et tydeligt formål.",
    "Praktik og fleksjob giver nye muligheder for mennesker med handicap.",
]


class Command(BaseCommand):
    help = "Generate N published articles with themes and audiences (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2014)

    def handle(self, *args, count: int, seed: int, **options):
        rng = random.Random(seed)
        themes = list(load_themes().values())
        audiences = list(Audience.objects.all())
        remember_words(*SUBJECTS, *VERBS, *PLACES, *SENTENCES)
        start = Article.objects.filter(slug__startswith="genereret-").count()
        now = timezone.now()
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            with transaction.atomic():
                rows = [self.article(rng, start + made + i, now) for i in range(size)]
                Article.objects.bulk_create(rows, batch_size=BATCH)
                self.tag(rng, rows, themes, audiences)
            made += size
            if options["verbosity"] > 1:
                self.stdout.write(f"{made}/{count}")
        facet_counts.rebuild()
        bump_content_version()
        if options["verbosity"]:
            self.stdout.write(f"Generated {count} articles.")

    def article(self, rng, number: int, now) -> Article:
        subject = rng.choice(SUBJECTS)
        title = f"{rng.choice(VERBS)} {subject} {rng.choice(PLACES)} ({number})"
        body, html, text = rng.choice(self.bodies(rng))
        published = now - dt.timedelta(minutes=rng.randint(1, 60 * 24 * 365 * 10))
        return Article(
            title=title,
            slug=f"genereret-{number}",
            summary=" ".join(rng.sample(SENTENCES, 2)),
            body=body,
            body_html=html,
            body_text=text,
            type=rng.choice(ArticleType.values),
            language="en" if number % 10 == 9 else "da",
            status=ArticleStatus.PUBLISHED,
            publish_at=published,
            last_substantive_change=published,
            author="Generator",
        )

    def bodies(self, rng) -> list[tuple[str, str, str]]:
        """A pool of rendered bodies: Markdown rendering is the slow part of generating."""
        if not hasattr(self, "_bodies"):
            self._bodies = []
            for _ in range(BODY_POOL):
                paragraphs = [" ".join(rng.sample(SENTENCES, 4)) for _ in range(rng.randint(3, 6))]
                body = "\n\n".join(
                    f"## {rng.choice(SUBJECTS).capitalize()}\n\n{text}" if i % 2 == 0 else text
                    for i, text in enumerate(paragraphs)
                )
                html = render_markdown(body)
                self._bodies.append((body, html, plain_text(html)))
        return self._bodies

    def tag(self, rng, rows, themes, audiences) -> None:
        theme_links = Article.themes.through
        audience_links = Article.audiences.through
        theme_links.objects.bulk_create(
            theme_links(article_id=row.pk, theme_id=theme.pk)
            for row in rows
            for theme in rng.sample(themes, rng.randint(1, 2))
        )
        audience_links.objects.bulk_create(
            audience_links(article_id=row.pk, audience_id=audience.pk)
            for row in rows
            for audience in rng.sample(audiences, rng.randint(1, 3))
        )
