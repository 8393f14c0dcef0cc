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

from patientportal.formats import NAMED_FORMATS, named_format
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


#: Formats written for machines, not people: the same in every language.
MACHINE_FORMATS = {"c", "Y-m-d"}


def test_templates_name_their_formats_so_that_each_language_writes_dates_its_own_way():
    found = formats_in_templates()
    assert "DATETIME_FORMAT" in found and "c" in found  # the scan reads the templates
    assert sorted(found - NAMED_FORMATS - MACHINE_FORMATS) == []


def test_every_named_format_is_written_by_the_fast_path_in_every_language():
    for language, _name in settings.LANGUAGES:
        for name in NAMED_FORMATS:
            assert dates._parts(named_format(name, language)) is not None, (language, name)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_same_text_as_djangos_filter_in_every_language(language):
    with translation.override(language):
        formats = {named_format(name) for name in NAMED_FORMATS} | MACHINE_FORMATS
        formats |= {"l j F Y", "j M Y", r"\Y\e\a\r Y", "d/m/Y n", "D jS N"}
        for value in sample_values():
            for format_string in formats:
                try:
                    expected = django_date(value, format_string)
                except TypeError:  # a time letter on a plain date: Django refuses, and so do we
                    with pytest.raises(TypeError):
                        dates.date(value, format_string)
                    continue
                assert dates.date(value, format_string) == expected, (language, value, format_string)


def test_each_language_writes_a_date_its_own_way():
    value = datetime.datetime(2026, 11, 30, 14, 5, tzinfo=datetime.UTC)
    written = {}
    for language in ("en", "de", "es", "da"):
        with translation.override(language), timezone.override(datetime.UTC):
            written[language] = dates.date(value, "DATE_FORMAT")
    assert written["en"] == "30 November 2026"  # not "Nov. 30, 2026"
    assert written["de"] == "30. November 2026"
    assert written["es"] == "30 de noviembre de 2026"
    assert written["da"] == "30. november 2026"
    with translation.override("en"):
        assert Template("{{ value }}").render(Context({"value": value.date()})) == "30 November 2026"


def test_other_values_are_djangos():
    for value in (None, "", "not a date", 3):
        assert dates.date(value, "j F Y") == django_date(value, "j F Y")
    value = datetime.date(2026, 3, 4)
    with translation.override("en"):
        assert dates.date(value) == django_date(value)  # no format: DATE_FORMAT


def test_templates_use_it_with_the_current_time_zone():
    value = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)
    template = Template('{{ value|date:"WEEKDAY_DATETIME_FORMAT" }} {{ value|date:"c" }}')
    with timezone.override("Europe/Berlin"), translation.override("en"):
        assert template.render(Context({"value": value})) == "Wednesday 1 July 2026, 00:30 2026-07-01T00:30:00+02:00"
    assert Template("{{ v|date:'j F Y' }}").engine.template_builtins[-1].filters["date"] is dates.date
