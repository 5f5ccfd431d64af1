"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os

from gunicorn.glogging import Logger

from core.log_privacy import redact_secrets

bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
preload_app = False  # each worker opens its own connection pool
# Access log without client addresses or query strings: no personal data in logs.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"


class PrivateAccessLogger(Logger):
    """The access log's path without secret-link tokens (see core.log_privacy)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_secrets(atoms["U"] or "")
        return atoms


logger_class = PrivateAccessLogger
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
