"""The site's ``date`` filter writes what Django's writes (patientportal/templatetags/dates.py)."""

import datetime
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from patientportal.templatetags import dates

#: ``|date:"..."`` in a template.
_FORMAT_IN_TEMPLATE = re.compile(r"""\|date:(?:"([^"]*)"|'([^']*)')""")


def formats_in_templates() -> set[str]:
    found = set()
    for folder in [settings.BASE_DIR / "templates", *Path(settings.BASE_DIR).glob("*/templates")]:
        for path in Path(folder).rglob("*.html"):
            for double, single in _FORMAT_IN_TEMPLATE.findall(path.read_text()):
                found.add(double or single)
    return found


def sample_values() -> list[datetime.date]:
    """Every month and weekday, single- and double-digit days and hours, in two time zones, and plain dates."""
    values: list[datetime.date] = []
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    for month in range(1, 13):
        for day in (1, 9, 10, 28):
            values.append(datetime.datetime(2026, month, day, month % 24, day * 2, 5, tzinfo=datetime.UTC))
            values.append(datetime.datetime(987, month, day, 23, 0, tzinfo=berlin))
            values.append(datetime.date(2027, month, min(day + month % 3, 28)))
    return values


def test_every_format_the_templates_use_is_written_by_the_fast_path():
    found = formats_in_templates()
    assert "j F Y, H:i" in found and "c" in found  # the scan reads the templates
    assert [f for f in sorted(found) if dates._parts(f) is None] == []


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_same_text_as_djangos_filter_in_every_language(language):
    formats = formats_in_templates() | {"l j F Y", "j M Y", r"\Y\e\a\r Y", "d/m/Y n", "D jS N"}
    with translation.override(language):
        for value in sample_values():
            for format_string in formats:
                try:
                    expected = django_date(value, format_string)
                except TypeError:  # a time letter on a plain date: Django refuses, and so do we
                    with pytest.raises(TypeError):
                        dates.date(value, format_string)
                    continue
                assert dates.date(value, format_string) == expected, (language, value, format_string)


def test_other_values_are_djangos():
    for value in (None, "", "not a date", 3):
        assert dates.date(value, "j F Y") == django_date(value, "j F Y")
    value = datetime.date(2026, 3, 4)
    with translation.override("en"):
        assert dates.date(value) == django_date(value)  # no format: DATE_FORMAT


def test_templates_use_it_with_the_current_time_zone():
    value = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)
    template = Template('{{ value|date:"l j F Y, H:i" }} {{ value|date:"c" }}')
    with timezone.override("Europe/Berlin"), translation.override("en"):
        assert template.render(Context({"value": value})) == "Wednesday 1 July 2026, 00:30 2026-07-01T00:30:00+02:00"
    assert Template("{{ v|date:'j F Y' }}").engine.template_builtins[-1].filters["date"] is dates.date
