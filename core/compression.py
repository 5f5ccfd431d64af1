"""Gzip for HTML pages that carry no secret an attacker could guess through the compressed size."""

from django.middleware.gzip import GZipMiddleware


class SafeHTMLGZipMiddleware(GZipMiddleware):
    """Compress HTML responses to anonymous visitors, except those that hold a CSRF token.

    BREACH: when a compressed body holds a secret and echoes input an attacker controls (a search
    query, a form value sent back with its errors), the body's size reveals the secret a guess at a
    time. Every page with a form to POST asks for a CSRF token and a signed-in visitor's pages hold
    their own data, so those stay uncompressed; the public reading pages are compressed. Static
    files are compressed ahead by whitenoise and never reach this middleware.
    """

    def process_response(self, request, response):
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
