"""A backstop against request text the database cannot hold.

PostgreSQL refuses a NUL character in any text value, so a ``%00`` that reaches a query turns into
a 500. Forms already refuse it (Django's CharField validates against NUL) and the views that read
query parameters themselves drop it; this middleware answers 400 to a NUL anywhere in the path or
the query string before any view runs, so a view that forgets cannot fail. It logs nothing of the
request: only that one was refused.
"""

from django.core.exceptions import SuspiciousOperation


class NulCharacterInRequest(SuspiciousOperation):
    """A NUL in the path or the query string; Django answers 400 (Bad Request)."""


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise NulCharacterInRequest("NUL character in the request path or query string.")
        return self.get_response(request)
