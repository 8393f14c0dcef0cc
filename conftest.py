"""Role fixtures shared by every test. Factories live in <app>/tests/factories.py."""

import pytest
from django.core.cache import cache

from accounts.tests.factories import (
    AdvocateFactory,
    CarerFactory,
    ClientFactory,
    OrgAdminFactory,
    OrganisationFactory,
    SiteAdminFactory,
    SupervisorFactory,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data that migrations create, restored in case a previous run's last
    transactional test left the (reused) test database flushed."""
    from django.db import connections

    from resources.taxonomy import ensure_taxonomies

    with django_db_blocker.unblock():
        ensure_taxonomies()
        # serialized_rollback restores the snapshot taken when the database was set up; take
        # it again so that it holds the rows put back above.
        for connection in connections.all(initialized_only=True):
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and TOTP replay guards live in the Redis cache: start every test clean."""
    cache.clear()
    yield


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="MS Society Test", countries=["GB"])


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="MS Society Elsewhere", countries=["CA"], timezone="America/Toronto")


@pytest.fixture
def client_user(db):
    return ClientFactory(email="client@example.test", first_name="Alex")


@pytest.fixture
def other_client(db):
    return ClientFactory(email="other-client@example.test")


@pytest.fixture
def carer(db):
    return CarerFactory(email="carer@example.test")


@pytest.fixture
def advocate(organisation):
    return AdvocateFactory(email="advocate@example.test", organisation=organisation)


@pytest.fixture
def other_org_advocate(other_organisation):
    return AdvocateFactory(email="advocate@elsewhere.test", organisation=other_organisation)


@pytest.fixture
def supervisor(organisation):
    return SupervisorFactory(email="supervisor@example.test", organisation=organisation)


@pytest.fixture
def other_org_supervisor(other_organisation):
    return SupervisorFactory(email="supervisor@elsewhere.test", organisation=other_organisation)


@pytest.fixture
def org_admin(organisation):
    return OrgAdminFactory(email="orgadmin@example.test", organisation=organisation)


@pytest.fixture
def site_admin(db):
    return SiteAdminFactory(email="admin@example.test")


pytest_plugins = ("celery.contrib.pytest",)


@pytest.fixture(scope="session")
def celery_app():
    """The project's own app, on the real Redis broker (not celery.contrib's in-memory one)."""
    from patientportal.celery import app

    return app


@pytest.fixture(scope="session")
def celery_worker_parameters():
    # The ping check needs a result backend; the project keeps none (tasks write to the database).
    return {"perform_ping_check": False, "queues": ("celery",)}


@pytest.fixture(autouse=True)
def _transactional_tests_keep_migration_data(request):
    """Data that migrations create (taxonomies) must survive tests that flush the database:
    every transactional test restores it with ``serialized_rollback=True``."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
        pytest.fail(
            "Use @pytest.mark.django_db(transaction=True, serialized_rollback=True): a flush would lose migration data"
        )
