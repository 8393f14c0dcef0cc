"""The ``summary_value`` filter: how a summary list shows an answer, on every page that lists answers."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

TEMPLATE = engines["django"].from_string("{% load govuk %}{{ value|summary_value }}")


def shown(value, language="en"):
    with translation.override(language), timezone.override("Europe/Paris"):
        return TEMPLATE.render({"value": value})


@pytest.mark.parametrize("empty", [None, "", [], ()])
def test_an_empty_answer_reads_none_in_the_page_language(empty):
    assert shown(empty) == "None"
    with translation.override("fr"):
        french = translation.gettext("None")
    assert french not in ("", "None")  # the site's French catalogue says it
    assert shown(empty, "fr") == french


def test_several_answers_are_a_list_each_escaped():
    assert shown(["Phone", "<b>post</b>"]) == (
        '<ul class="govuk-list govuk-!-margin-bottom-0"><li>Phone</li><li>&lt;b&gt;post&lt;/b&gt;</li></ul>'
    )


def test_text_is_escaped_and_keeps_its_line_breaks():
    assert shown("Ring twice\n<then wait>") == '<span class="pp-preserve-lines">Ring twice\n&lt;then wait&gt;</span>'


def test_dates_and_numbers_are_shown_as_the_page_language_writes_them():
    moment = datetime.datetime(2026, 3, 1, 12, 5, tzinfo=datetime.UTC)
    assert shown(moment, "de") == '<span class="pp-preserve-lines">1. März 2026 13:05</span>'
    assert shown(1234567.5, "fr") == '<span class="pp-preserve-lines">1234567,5</span>'
