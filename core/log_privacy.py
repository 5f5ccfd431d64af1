"""Secret links stay out of the logs.

A secret link carries its token in the path (a guidance case, an event sign-up, an invitation,
allauth's confirmation and password-reset keys), and both Django ("Not Found: /path") and
gunicorn's access log write paths. Path segments that look like a token are replaced before a
line is written: long segments with a capital letter, a colon or an underscore (URL-safe
random and signed tokens; slugs are lower case), or with a long run of hex digits.
"""

import logging
import re

_TOKEN_SEGMENT = re.compile(
    r"(?<=/)(?=[A-Za-z0-9_:.\-]{16,}(?:/|$|\?))"
    r"(?=[^/?]*(?:[A-Z:_]|[0-9a-f]{16}))"
    r"[A-Za-z0-9_:.\-]+"
)
REDACTED = "[redacted]"


def redact_secrets(text: str) -> str:
    return _TOKEN_SEGMENT.sub(REDACTED, text)


class RedactSecretPaths(logging.Filter):
    """Redacts tokens in a record's message and its string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_secrets(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_secrets(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
