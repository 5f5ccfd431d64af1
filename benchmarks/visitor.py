"""A visitor for the load and cluster scripts: cookies, CSRF-protected forms and file uploads.

Standard library only, one keep-alive connection per server. The cookies belong to the visitor,
not to a host, so one signed-in visitor can be sent to each instance in turn and to the load
balancer in front of them, as a browser's requests are when a balancer spreads them.
"""

import http.client
import re
import secrets
import ssl
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Visitor:
    def __init__(self, base: str, *, tls: ssl.SSLContext | None = None, timeout: float = 30):
        self.cookies: dict[str, str] = {}
        self.tls = tls
        self.timeout = timeout
        self._connections: dict[str, http.client.HTTPConnection] = {}
        self.base = base.rstrip("/")

    def at(self, base: str) -> "Visitor":
        """The same visitor (same cookies), sending its requests to another server."""
        twin = Visitor(base, tls=self.tls, timeout=self.timeout)
        twin.cookies = self.cookies  # shared on purpose
        return twin

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    # --- requests --------------------------------------------------------------------------

    def get(self, path: str, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, fields: dict, files: dict | None = None, *, page: str = "", token=""
    ) -> Answer:
        """Send a form as a browser does: with the CSRF token from its page, and an Origin.

        The token is read from ``page`` (default: ``path``) unless the caller has it already.
        """
        token = token or csrf_token(self.get(page or path))
        fields = {**fields, "csrfmiddlewaretoken": token}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = (
                urlencode(fields, doseq=True).encode(),
                ("application/x-www-form-urlencoded"),
            )
        origin = self.base
        headers = {"Content-Type": content_type, "Origin": origin, "Referer": origin + "/"}
        return self.request("POST", path, body=body, headers=headers)

    def request(self, method: str, path: str, *, body=None, headers=None) -> Answer:
        headers = dict(headers or {})
        path = quote(path, safe="/?=&+%:")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server had closed: reconnect once, as browsers do.
                self._connections.pop(self.base, None)
                if attempt == 2:
                    raise
        elapsed = time.perf_counter() - started
        answer = Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, content, elapsed
        )
        for value in response.headers.get_all("Set-Cookie") or []:
            self._remember(value)
        if response.getheader("Connection", "").lower() == "close":
            self._connections.pop(self.base).close()
        return answer

    def _remember(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def _connection(self) -> http.client.HTTPConnection:
        connection = self._connections.get(self.base)
        if connection is None:
            parts = urlsplit(self.base)
            if parts.scheme == "https":
                connection = http.client.HTTPSConnection(
                    parts.hostname, parts.port, timeout=self.timeout, context=self.tls
                )
            else:
                connection = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=self.timeout
                )
            self._connections[self.base] = connection
        return connection

    # --- journeys --------------------------------------------------------------------------

    def log_in(self, email: str, password: str, totp=None) -> None:
        """Sign in through allauth's form (and its two-factor step when ``totp`` gives a code)."""
        answer = self.post("/konto/login/", {"login": email, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"Login refused for a test user (status {answer.status}).")
        if "/2fa/authenticate/" in answer.location:
            path = urlsplit(answer.location).path
            answer = self.post(path, {"code": totp()})
            if answer.status != 302:
                raise RuntimeError(f"Two-factor code refused (status {answer.status}).")


def guidance_question(municipality: int, email: str, name: str = "Klara Klynge") -> dict:
    """The guidance form filled in by a municipality's employee."""
    return {
        "requester_type": "municipality",
        "name": name,
        "organisation": "Odense Kommune",
        "municipality": str(municipality),
        "email": email,
        "topics": ["employment", "procurement"],
        "question": "Hvordan bruger vi sociale klausuler i vores næste udbud?",
        "preferred_contact": "email",
        "consent": "on",
        "website": "",
    }


def csrf_token(page: Answer) -> str:
    found = CSRF_INPUT.search(page.text)
    if not found:
        raise RuntimeError(f"No CSRF token on the page (status {page.status}).")
    return found.group(1)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """``files`` maps a field name to (file name, content type, bytes)."""
    boundary = "----vaekstcenter" + secrets.token_hex(12)
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
