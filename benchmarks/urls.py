"""The project's URLs plus a bare view that does nothing but answer, through all middleware."""

from django.http import HttpResponse
from django.urls import path

from vaekstcenter.urls import handler404, handler500
from vaekstcenter.urls import urlpatterns as project_urlpatterns

BARE_PATH = "/__bench__/bare/"


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare), *project_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
