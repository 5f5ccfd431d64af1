"""Whichever instance answers, a visitor sees the same state (`make cluster-check`).

Starts the two-instance cluster (benchmarks/cluster.py) and asks each instance directly and the
load balancer in front of them about four things that must live in shared stores:

1. a user's session: signed in once through the balancer, known to both instances;
2. a rate limit: downloads counted across instances, refused on all once the limit is reached;
3. a cache invalidation: readers' cached /viden/ shows an article an editor has just published
   (through the admin, with two-factor) on every instance;
4. an uploaded file: sent through the guidance form via the balancer, kept in the S3 bucket and
   handed out by the permission-checked view of each instance.

Exits non-zero if any check fails.
"""

import re
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cluster import BUCKET, EXPORTS_PER_MINUTE, running_cluster
from benchmarks.visitor import Visitor, guidance_question

PASSWORD = "Klynge-Kodeord-2026"  # noqa: S105 - throwaway local test users
PDF = b"%PDF-1.4 klyngetjek " + secrets.token_bytes(64)
results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str) -> None:
    results.append((name, ok, detail))
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)


def label(base: str, addresses) -> str:
    if base == addresses.balancer:
        return "balancer"
    return f"instance {addresses.instances.index(base) + 1}"


def every_target(addresses) -> list[str]:
    """Each instance directly, then the balancer twice (round robin: one turn on each)."""
    return [*addresses.instances, addresses.balancer, addresses.balancer]


def create_people() -> tuple[str, str, str]:
    """A signed-up citizen and an editor with TOTP two-factor; returns emails and the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts import roles
    from accounts.services import ensure_verified_user

    stamp = secrets.token_hex(4)
    citizen = ensure_verified_user(f"borger-{stamp}@example.dk", PASSWORD, first_name="Klara")
    editor = ensure_verified_user(
        f"redaktoer-{stamp}@example.dk", PASSWORD, is_staff=True, groups=[roles.EDITORS]
    )
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    return citizen.email, editor.email, secret


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def check_session(addresses, tls, email: str) -> Visitor:
    visitor = Visitor(addresses.balancer, tls=tls)
    visitor.log_in(email, PASSWORD)
    seen = []
    for base in every_target(addresses):
        answer = visitor.at(base).get("/konto/")
        seen.append(f"{label(base, addresses)} {answer.status}")
        if answer.status != 200 or email not in answer.text:
            check("session", False, f"{label(base, addresses)} did not know the user")
            return visitor
    check("session", True, "signed in through the balancer; " + ", ".join(seen))
    return visitor


def check_rate_limit(addresses, tls) -> None:
    visitor = Visitor(addresses.balancer, tls=tls)
    targets = every_target(addresses) * 2
    statuses = []
    for base in targets[: EXPORTS_PER_MINUTE + 3]:
        answer = visitor.at(base).get("/registrering/register.csv")
        statuses.append((label(base, addresses), answer.status))
    allowed = [status for _, status in statuses[:EXPORTS_PER_MINUTE]]
    refused = [status for _, status in statuses[EXPORTS_PER_MINUTE:]]
    ok = allowed == [200] * EXPORTS_PER_MINUTE and refused == [429] * len(refused)
    shown = ", ".join(f"{where} {status}" for where, status in statuses)
    check("rate limit", ok, f"limit {EXPORTS_PER_MINUTE}/min, counted across all: {shown}")


def check_publishing(addresses, tls, editor_email: str, secret: str) -> None:
    from portal import services
    from portal.models import Article, ArticleStatus, Theme

    title = f"Klyngetjek {secrets.token_hex(3)}"
    theme = Theme.objects.order_by("pk").first()
    article = services.save_article(
        Article(
            title=title, slug=title.lower().replace(" ", "-"), summary="Et tjek.", body="Tekst."
        ),
        by=None,
        relations={"themes": [theme] if theme else [], "audiences": []},
    )
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.REVIEW)
    reader = Visitor(addresses.balancer, tls=tls)
    before = [title in reader.at(base).get("/viden/").text for base in every_target(addresses)]

    editor = Visitor(addresses.balancer, tls=tls)
    editor.log_in(editor_email, PASSWORD, totp=lambda: totp_code(secret))
    change_page = f"/admin/portal/article/{article.pk}/change/"
    answer = editor.post(
        f"/admin/portal/article/{article.pk}/status/", {"to": "published"}, page=change_page
    )
    published = Article.objects.get(pk=article.pk).status == ArticleStatus.PUBLISHED
    after = {
        label(base, addresses): title in reader.at(base).get("/viden/").text
        for base in every_target(addresses)
    }
    ok = not any(before) and answer.status == 302 and published and all(after.values())
    shown = ", ".join(f"{where} {'shows it' if seen else 'STALE'}" for where, seen in after.items())
    check(
        "cache invalidation",
        ok,
        f"readers' /viden/ (a cached page) lacked it on every target; an editor published it "
        f"in the admin (2FA) through the balancer; then {shown}",
    )


def check_upload(addresses, tls, visitor: Visitor, email: str) -> None:
    from geography.models import Municipality
    from guidance.models import Attachment

    municipality = Municipality.objects.get(name="Odense")
    form = guidance_question(municipality.pk, email)
    files = {"attachments": ("klyngetjek.pdf", "application/pdf", PDF)}
    answer = visitor.post("/raadgivning/henvendelse/", form, files)
    if answer.status != 302:
        check("upload", False, f"the form answered {answer.status}")
        return
    visitor.post("/raadgivning/henvendelse/tjek/", {})
    mine = visitor.get("/raadgivning/mine/").text
    case_url = re.search(r'href="(/raadgivning/sag/[^/"]+/)"', mine).group(1)
    link = re.search(r'href="(/raadgivning/sag/[^"]+/bilag/\d+/)"', visitor.get(case_url).text)
    stranger = Visitor(addresses.balancer, tls=tls)  # the case link is the permission
    served = {
        label(base, addresses): stranger.at(base).get(link.group(1)).body == PDF
        for base in every_target(addresses)
    }
    key = Attachment.objects.order_by("-pk").values_list("file", flat=True).first()
    in_bucket = bucket_object(key) == PDF
    ok = in_bucket and all(served.values())
    shown = ", ".join(
        f"{where} {'same bytes' if same else 'DIFFERENT'}" for where, same in served.items()
    )
    check(
        "uploaded file",
        ok,
        f"s3://{BUCKET}/{key} {'holds it' if in_bucket else 'MISSING'}; {shown}",
    )


def bucket_object(key: str) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(key, "rb") as stored:
        return stored.read()


def main() -> None:
    with running_cluster() as addresses:
        tls = addresses.tls()
        print(f"instances {', '.join(addresses.instances)}; balancer {addresses.balancer}\n")
        citizen_email, editor_email, secret = create_people()
        visitor = check_session(addresses, tls, citizen_email)
        check_rate_limit(addresses, tls)
        check_publishing(addresses, tls, editor_email, secret)
        check_upload(addresses, tls, visitor, citizen_email)
    failed = [name for name, ok, _ in results if not ok]
    print(f"\n{len(results) - len(failed)} of {len(results)} checks passed.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
