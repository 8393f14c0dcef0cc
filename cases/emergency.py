"""What to do in an emergency, per country: shown as soon as someone says it is urgent."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EmergencyGuidance:
    emergency_number: str
    #: (what it is for, the number) for non-emergency help lines.
    other_numbers: list[tuple[object, str]] = field(default_factory=list)


_EU = EmergencyGuidance("112")

GUIDANCE: dict[str, EmergencyGuidance] = {
    "AU": EmergencyGuidance("000", [(_("Lifeline, someone to talk to in a crisis"), "13 11 14")]),
    "BE": _EU,
    "CA": EmergencyGuidance("911", [(_("Suicide crisis helpline"), "988")]),
    "DE": EmergencyGuidance("112", [(_("Out-of-hours doctor (ärztlicher Bereitschaftsdienst)"), "116 117")]),
    "DK": _EU,
    "ES": _EU,
    "GB": EmergencyGuidance(
        "999",
        [(_("NHS 111, for urgent medical help that is not an emergency"), "111"), (_("Samaritans"), "116 123")],
    ),
    "IT": _EU,
    "NL": _EU,
    "US": EmergencyGuidance("911", [(_("Suicide and crisis lifeline"), "988")]),
}


def guidance_for(country: str) -> EmergencyGuidance:
    return GUIDANCE.get(country, _EU)
