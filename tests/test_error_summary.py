"""Every form's error summary (templates/partials/error_summary.html): a DKFDS error summary
whose links reach every field, radio and checkbox groups too, in sentences (issue 17)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_guidance_forms_summary_links_reach_its_radio_and_checkbox_groups(client):
    page = client.post(reverse("guidance:ask"), {}).content.decode()
    summary = re.search(r'<div class="alert alert-error".*?</div>\s*</div>', page, re.S).group(0)
    assert 'data-module="error-summary"' in summary and 'tabindex="-1"' in summary
    assert 'href="#"' not in summary
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links and all(f'id="{anchor}"' in page for anchor in links), links
    assert "id_requester_type_0" in links  # a radio group: its first option
    assert "Vælg et svar på „Hvem spørger du på vegne af?“." in summary
    assert "?: " not in summary
