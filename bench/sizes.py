"""How big each benchmark data set is. No Django imports: read before settings load."""

from __future__ import annotations

from dataclasses import dataclass

DATABASE_PREFIX = "patientportal_bench_"


@dataclass(frozen=True)
class SizeConfig:
    """How many of each thing a data set holds. A new builder adds its own field here."""

    name: str
    staff: int  # advocates, supervisors and organisation admins, spread over the organisations
    clients: int
    services: int  # resource directory listings, with their providers, places and HSDS rows
    cases: int  # requests from the bench clients (the demo client has 20 more in every size)
    advocate_cases: int  # of them, open cases of the demo advocate (the caseload page)
    story_events: int  # events on the demo advocate's longest case (the case page)
    story_notes: int = 10  # notes on that case
    story_assessments: int = 2  # needs assessments on it (first and latest side by side)
    #: case events in the whole data set (the demo data's included): the cases' own timelines,
    #: then more work on them (messages, contacts, notes, follow-ups) up to this many
    events: int = 10_000
    #: requests still waiting in the demo supervisor's queue (their society's latest)
    waiting: int = 5


SIZES: dict[str, SizeConfig] = {
    # "tiny" is for tests/test_bench.py only: it runs in the pytest database, never its own.
    "tiny": SizeConfig(
        name="tiny", staff=20, clients=20, services=200, cases=200, advocate_cases=20, story_events=50, events=10_000
    ),
    "small": SizeConfig(
        name="small",
        staff=200,
        clients=2_000,
        services=1_000,
        cases=5_000,
        advocate_cases=60,
        story_events=200,
        events=60_000,
        waiting=40,
    ),
    "large": SizeConfig(
        name="large",
        staff=1_000,
        clients=100_000,
        services=20_000,
        cases=100_000,
        advocate_cases=300,
        story_events=500,
        story_notes=60,
        story_assessments=6,
        events=1_000_000,
        waiting=300,
    ),
}
#: The sizes `make bench` offers.
CLI_SIZES = ("small", "large")


def database_name(size: str) -> str:
    return f"{DATABASE_PREFIX}{size}"
