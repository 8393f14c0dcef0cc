"""Fixtures for the browser suites (``@pytest.mark.browser``): one Chromium for the session,
a fresh signed-in browser context per page, against pytest-django's ``live_server``.

The role fixtures (``client_user``, ``supervisor``, ...) come from the root ``conftest.py``.
"""

from __future__ import annotations

import os

import pytest

from .browser import CHROMIUM_ARGS, CHROMIUM_PATH, new_context, settle, watch_requests


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests run after every other test of the session.

    Playwright's sync API keeps its asyncio loop marked as running on the main thread for as
    long as the browser is open, and Django refuses ORM calls from such a thread unless
    ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set (see the ``browser`` fixture). Running the browser
    tests last means that setting never applies to a test that does not drive the browser.
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)  # so that `-m "not browser"` leaves it out too
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        others = [item for item in items if not item.get_closest_marker("browser")]
        items[:] = others + browser_tests


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, once for the whole session."""
    from playwright.sync_api import sync_playwright

    # The ORM calls of browser tests (factories, sign-in, flushing the database) run on the
    # main thread between Playwright calls, never concurrently with its event loop, so they are
    # safe; Django only sees that a loop is marked as running and would refuse them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _migrated_data_put_back(django_db_setup, django_db_blocker):
    """After the last browser test, put back what migrations load (content types, taxonomies).

    Every transactional test ends by emptying the database; with ``--reuse-db`` the next run
    would start without those rows.
    """
    yield
    from django.db import connections

    from resources.taxonomy import ensure_taxonomies

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
        ensure_taxonomies()


@pytest.fixture
def _reference_data(transactional_db, django_db_serialized_rollback, _migrated_data_put_back):
    """The taxonomies, even when the snapshot ``serialized_rollback`` restores was taken from a
    database a previous run left flushed (the root ``django_db_setup`` adds them only after)."""
    from resources.taxonomy import ensure_taxonomies

    ensure_taxonomies()


@pytest.fixture
def browser_page(browser, live_server, transactional_db, django_db_serialized_rollback, _reference_data):
    """Open a page as a user: ``browser_page(user)`` or ``browser_page(None)`` for a visitor.

    Each call gets its own browser context (cookies, storage), closed after the test once its
    requests are answered. The live server runs in another thread, so the data must be
    committed (``transactional_db``); ``django_db_serialized_rollback`` puts back what the
    migrations load (taxonomy terms, ...) after each test empties the database.
    """
    contexts = []

    def open_page(user=None, *, recent_auth: bool = False, **options):
        context = new_context(browser, live_server.url, user, recent_auth=recent_auth, **options)
        contexts.append((context, watch_requests(context)))
        return context.new_page()

    yield open_page
    for context, pending in contexts:
        settle(context, pending)
        context.close()
