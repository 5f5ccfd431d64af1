"""The page navigation reads right in English: the first page of a list is not "Front page"
(the home page's name), as the shared msgid "Første side" made it."""

from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import translation


def test_the_pagination_names_the_first_page_of_the_list_in_english():
    page = Paginator(range(100), 10).page(5)
    request = RequestFactory().get("/en/arrangementer/", {"side": 5})
    with translation.override("en"):
        html = Template("{% load pagination %}{% pagination page %}").render(
            RequestContext(request, {"page": page})
        )
    assert "First page" in html and "Front page" not in html
    assert "Previous" in html and "Next" in html and "Page 5 of 10" in html
