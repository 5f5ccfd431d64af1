"""What every answer under /api/v1/ shares, whatever answered it.

- CORS: any origin may read the API with GET, HEAD and OPTIONS; no credentials are ever allowed
  (``Access-Control-Allow-Origin: *`` rules them out), and other methods get no CORS headers.
- A preflight (OPTIONS) is answered here, before any view.
- HEAD is answered as GET without the body, so every endpoint has it.
- Errors are problem details: an answer of 400 or more that is not one already (Django's own
  404, 400 and 500 pages, a 405 from the router) is turned into one, keeping ``Allow`` and
  ``Retry-After``.

Placed outside every middleware that may refuse a request (the NUL backstop), so their answers
pass through here too.
"""

from django.http import HttpResponse

from api.problems import is_problem, problem

API_PREFIX = "/api/v1/"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOWED = ", ".join(READ_METHODS)
PREFLIGHT_MAX_AGE = 24 * 3600


class OpenApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        method = request.method
        if method == "OPTIONS":
            response = preflight()
        else:
            if method == "HEAD":
                request.method = "GET"
            response = self.get_response(request)
            if response.status_code >= 400 and not is_problem(response):
                response = as_problem(response)
            if method == "HEAD" and not response.streaming:
                response.content = b""
        if method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        return response


def preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def as_problem(response):
    converted = problem(response.status_code)
    if response.status_code == 405:
        converted["Allow"] = ALLOWED
    for header in ("Retry-After",):
        if header in response:
            converted[header] = response[header]
    return converted
