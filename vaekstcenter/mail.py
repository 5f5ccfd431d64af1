"""E-mail goes through the task queue, so a slow or failing mail server never holds up a request.

``QueuedEmailBackend`` is the "default" mailer: it serialises each message into a task, and the
worker (``manage.py db_worker``) delivers it through the "delivery" mailer (see MAILERS).

django-tasks-db never runs a failed task again, so a delivery that fails (the mail server or the
database away) queues its own next attempt, later each time, before it fails; staff see every
failed attempt, with its traceback, and the one waiting in the admin's task results.
"""

import base64
import datetime as dt

from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend
from django.tasks import task
from django.utils import timezone

# The waits before the 2nd, 3rd, ... attempt: a message is given up about a day after it was sent.
RETRY_DELAYS = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=8),
    dt.timedelta(hours=16),
]


def serialise(message: EmailMultiAlternatives) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
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


@task()
def deliver_email(data: dict, attempt: int = 1) -> None:
    try:
        mailers["delivery"].send_messages([deserialise(data)])
    except Exception:
        if attempt <= len(RETRY_DELAYS):
            later = timezone.now() + RETRY_DELAYS[attempt - 1]
            deliver_email.using(run_after=later).enqueue(data, attempt=attempt + 1)
        raise


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
