"""What every staff page shows of the organisation (its name, its time zone) comes from the cache,
and is read again once the organisation is saved, through the settings page or the admin."""

import pytest
from django.urls import reverse

from accounts.selectors import organisation_basics

from .factories import AdvocateFactory

pytestmark = pytest.mark.django_db


def _header(client) -> str:
    page = client.get(reverse("caseload")).content.decode()
    return page[page.index('class="pp-header__org"') :].split("</span>", 1)[0]


def test_a_renamed_organisation_is_named_anew_on_the_next_page(client, django_capture_on_commit_callbacks):
    advocate = AdvocateFactory()
    organisation = advocate.organisation
    organisation.short_name = "Before"
    organisation.save()
    client.force_login(advocate)
    assert "Before" in _header(client)
    organisation.short_name = "After"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()  # as the admin saves it
    assert "After" in _header(client)


def test_a_new_time_zone_is_read_again_after_the_settings_are_saved(
    client, org_admin, django_capture_on_commit_callbacks
):
    before = organisation_basics(organisation_id=org_admin.organisation_id)["timezone"]
    assert before != "Pacific/Auckland"
    client.force_login(org_admin)
    settings = {"first_contact_target_days": "2", "timezone": "Pacific/Auckland", "languages": ["en"]}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("organisation_settings"), settings).status_code == 302
    assert organisation_basics(organisation_id=org_admin.organisation_id)["timezone"] == "Pacific/Auckland"
