"""E-mail goes through the task queue, so a slow or failing mail server never holds up a request.

Apps send through ``send_templated_mail``: subject and body rendered from the app's templates in
the recipient's language, queued through the default mailer.

``QueuedEmailBackend`` is the "default" mailer: it serialises each message into a task, and the
worker (``manage.py db_worker``) delivers it through the "delivery" mailer (see MAILERS).

Header text is made one line when a message is queued: a name with a line break in a subject
would otherwise fail in the worker (a header may not contain a newline), long after the request
that sent it. A delivery that fails all the same is kept as a failed task, which staff see under
"E-mails" in the admin (``core.models.Mail``) and can send again; its error names the
kind of failure only, so neither the task's traceback nor the worker's log holds an address or a
line of the message.

django-tasks-db never runs a failed task again, so a delivery that fails (the mail server or the
database away) queues its own next attempt, later each time, before it fails.
"""

import base64
import datetime as dt
import re
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import Mail

# The waits before the 2nd, 3rd, ... attempt: a message is given up about a day after it was sent.
RETRY_DELAYS = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=8),
    dt.timedelta(hours=16),
]

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text) -> str:
    """Header text on one line: line breaks and other control characters become one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(text)).split())


def serialise(message: EmailMultiAlternatives) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": one_line(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: one_line(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def deserialise(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def page_language() -> str:
    """The language of the page being served, one the site offers: what to store as the
    language of someone writing in (so later mail to them is in it)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_templated_mail(
    template: str,
    context: dict,
    to,
    *,
    language: str | None = None,
    reply_to=(),
    attachments=(),
    headers: dict[str, str] | None = None,
) -> int:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in ``language`` (the recipients'
    stored language; the site's own when it is not known) and queue the mail.

    Whatever language the page that caused it is in (a handler in the Danish admin, say); links
    made with ``reverse``/``get_absolute_url`` inside the templates point to that language too.
    Mail to someone whose language is not stored follows the page they are on: pass
    ``language=page_language()``. ``site_url`` is in the context; ``reply_to`` lists addresses
    for answers, ``attachments`` is a list of ``(filename, content, mimetype)``, ``headers``
    extra header fields (``List-Unsubscribe``, say). Returns the number of messages queued (0
    without recipients).
    """
    to = [address for address in to if address]
    if not to:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=body,
        to=to,
        reply_to=[a for a in reply_to if a],
        headers=headers,
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()


class MailNotDelivered(Exception):
    """A failed delivery, described without the message's addresses or content."""


def describe_failure(error: Exception) -> str:
    """The kind of failure and the mail server's reply code, nothing the message contained."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} (SMTP {error.smtp_code})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _reply in error.recipients.values()})
        return f"{type(error).__name__} (SMTP {', '.join(map(str, codes))})"
    return type(error).__name__


@task()
def deliver_email(data: dict, attempt: int = 1) -> None:
    try:
        mailers["delivery"].send_messages([deserialise(data)])
    except Exception as error:
        if attempt <= len(RETRY_DELAYS):
            later = timezone.now() + RETRY_DELAYS[attempt - 1]
            deliver_email.using(run_after=later).enqueue(data, attempt=attempt + 1)
        raise MailNotDelivered(describe_failure(error)) from None


def send_again(mails) -> int:
    """Queue failed deliveries once more; each try is a task of its own, so the failure stays.

    A retry still waiting for the same message is dropped, so nobody gets the mail twice.
    """
    for mail in mails:
        message = mail.message
        Mail.objects.filter(status="READY", args_kwargs__args=[message]).delete()
        deliver_email.enqueue(message)
    return len(mails)


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            deliver_email.enqueue(serialise(message))
        return len(email_messages)


class ReadableConsoleBackend(ConsoleEmailBackend):
    """Development delivery: each message as a person reads it, not as it goes over the wire.

    The raw message is quoted-printable, which breaks a long confirmation link across lines and
    turns "æ" into "=C3=A6"; here the text part is printed as written, so the link can be
    followed from the console.
    """

    def write_message(self, message):
        lines = [
            f"Subject: {message.subject}",
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
        ]
        lines += [f"Cc: {', '.join(message.cc)}"] if message.cc else []
        lines += [f"Reply-To: {', '.join(message.reply_to)}"] if message.reply_to else []
        lines += ["", str(message.body)]
        lines += [f"[{mimetype} part too]" for _c, mimetype in getattr(message, "alternatives", [])]
        lines += [f"[attachment: {name}, {mimetype}]" for name, _c, mimetype in message.attachments]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
