"""Nothing about a person dodges the personal-data declarations (``patientportal.personal_data``).

``coverage_problems`` looks at every installed model (Django's, allauth's, pghistory's and ours):
each link to the user model must be how its declaration finds the person or be explained in
``others``; a model linked to one holding a person's data (a case's new kind of child row) must
be declared; each django-pghistory history model must track a declared model. The tests after
the first prove the check fails for each kind of gap.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from accounts.models import User
from cases.models import Case
from patientportal import personal_data
from patientportal.personal_data import REGISTRY, Erasure, Holding, PersonalData, coverage_problems


def test_every_link_to_a_person_and_every_history_model_is_declared():
    assert coverage_problems() == []


def test_the_check_looks_at_every_app_and_every_history_model():
    """Not vacuous: what it inspects includes third-party models and every history model."""
    linked = {model._meta.label for model in apps.get_models() if personal_data._user_links(model)}
    assert {
        "admin.LogEntry",
        "account.EmailAddress",
        "mfa.Authenticator",
        "pghistory.MiddlewareEvents",
        "patientportal.AuthEvent",
        "resources.ProblemReport",
        "resources.SavedService",
        "notifications.Notification",
        "cases.Case",
        "cases.Message",
    } <= linked
    history = {model._meta.label for model in apps.get_models() if hasattr(model, "pgh_obj")}
    assert {"accounts.UserEvent", "cases.CaseHistory", "cases.MessageEvent", "cases.RequestDraftEvent"} <= history
    declared = {holding.model for holding in personal_data.holdings()}
    linked -= history
    for label in linked | {
        model.pgh_tracked_model._meta.label for model in apps.get_models() if hasattr(model, "pgh_obj")
    }:
        assert label in declared, label


@isolate_apps("cases")
def test_a_new_model_linked_to_the_user_fails_the_check():
    class Diary(models.Model):  # noqa: DJ008 - a model made up for the test
        author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "cases"

    assert coverage_problems(models_to_check=[*apps.get_models(), Diary]) == [
        "cases.Diary: links to the user (author) but no declaration covers it"
    ]


@isolate_apps("cases")
def test_a_new_kind_of_row_in_a_case_fails_the_check_without_any_link_to_the_user():
    class Note(models.Model):  # noqa: DJ008 - a model made up for the test
        case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
        text = models.TextField()

        class Meta:
            app_label = "cases"

    assert coverage_problems(models_to_check=[Note]) == [
        "cases.Note: belongs to a person's record (case) but is not declared"
    ]


@pytest.fixture
def registry(monkeypatch) -> dict[str, PersonalData]:
    """A copy of the registry to change in a test (the real one, and its order, stay as they are)."""
    copy = dict(REGISTRY)
    monkeypatch.setattr(personal_data, "REGISTRY", copy)
    return copy


def test_a_new_link_to_the_user_on_a_declared_model_fails_the_check(registry):
    requests = registry["requests"]
    case_holding = requests.holdings[0]
    assert case_holding.model == "cases.Case"
    unexplained = dataclasses.replace(case_holding, others={})
    registry["requests"] = dataclasses.replace(requests, holdings=(unexplained, *requests.holdings[1:]))
    assert coverage_problems() == ["cases.Case.assigned_to: a link to the user that its declaration does not explain"]


def test_removing_a_declaration_fails_the_check(registry):
    del registry["saved_services"]
    assert coverage_problems() == ["resources.SavedService: links to the user (user) but no declaration covers it"]


def test_an_undeclared_history_model_fails_the_check(registry):
    del registry["member_societies"]
    assert coverage_problems() == [
        "accounts.OrganisationEvent: the history of accounts.Organisation, which no declaration covers",
        "accounts.HolidayEvent: the history of accounts.Holiday, which no declaration covers",
    ]


def test_removing_the_requests_declaration_reports_every_model_it_covered(registry):
    del registry["requests"]
    problems = coverage_problems()
    for label in ("cases.Case", "cases.CaseHistory", "cases.Message", "cases.MessageEvent", "cases.FollowUp"):
        assert any(problem.startswith(f"{label}:") for problem in problems), label


# --- the declarations themselves ----------------------------------------------------------------


def test_declarations_run_in_installed_apps_order():
    assert list(REGISTRY) == [
        "security_records",  # patientportal
        "account",  # accounts (allauth's models too)
        "member_societies",
        "saved_services",  # resources
        "problem_reports",
        "requests",  # cases
        "request_not_sent_yet",
        "deletion_requests",
        "notifications",  # notifications
        "notification_preferences",
    ]


def test_a_model_cannot_be_declared_twice(registry):
    again = PersonalData(
        key="saved_again",
        holdings=(Holding("resources.SavedService", person="user", erasure=Erasure.DELETE, label="Saved"),),
    )
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        personal_data.register(again)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        personal_data.register(dataclasses.replace(registry["account"]))
    assert "saved_again" not in registry


def test_a_holding_says_why_it_keeps_data_and_how_it_anonymises():
    with pytest.raises(ImproperlyConfigured, match="KEEP needs a reason"):
        Holding("resources.SavedService", person="user", erasure=Erasure.KEEP)
    with pytest.raises(ImproperlyConfigured, match="ANONYMISE needs"):
        Holding("resources.SavedService", person="user", erasure=Erasure.ANONYMISE, label="Saved")
    with pytest.raises(ImproperlyConfigured, match="find the person's rows"):
        Holding("resources.SavedService", person=None, erasure=Erasure.DELETE, label="Saved")


def test_every_kept_holding_about_a_person_has_a_reason_people_can_read():
    kept = [h for h in personal_data.holdings() if h.erasure == Erasure.KEEP and h.person is not None]
    assert {h.model for h in kept} == {
        "patientportal.AuthEvent",
        "patientportal.AccessEvent",
        "pghistory.MiddlewareEvents",
        "cases.Referral",
        "accounts.Absence",  # who covered whom decides who could open a case, and when
    }
    assert all(len(str(h.reason)) > 40 for h in kept)
