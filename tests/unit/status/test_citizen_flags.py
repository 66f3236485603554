"""The flags of a fetch of my data, from the facts alone (status_service.citizen.domain)."""

import datetime as dt

import pytest

from panjereh.events import PLATFORM_AGENCY
from status_service.citizen import domain
from status_service.citizen.domain import Fetch, Tenure

T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


# At the passport police from minute 0 to 30 (then final), at the traffic police from 60 on.
PASSPORT = Tenure("app-p", "passport-police", at(0), at(30))
TRAFFIC = Tenure("app-t", "traffic-police", at(60), None)
MINE = [PASSPORT, TRAFFIC]


def flags(agency: str, minute: int, application: str | None = None, **facts: object) -> list[str]:
    outcome = str(facts.pop("outcome", "found"))
    disputed = bool(facts.pop("disputed", False))
    fetch = Fetch(agency, application, outcome, at(minute))
    return list(domain.flags(fetch, MINE, disputed=disputed))


@pytest.mark.parametrize(
    ("agency", "minute", "application", "expected"),
    [
        ("passport-police", 10, None, []),  # open there
        ("passport-police", 0, None, []),  # at the very moment of submission
        ("passport-police", 30, None, ["no-open-application"]),  # final at that moment
        ("passport-police", 40, None, ["no-open-application"]),
        ("passport-police", -5, None, ["no-open-application"]),  # before it was submitted
        ("traffic-police", 10, None, ["no-open-application"]),  # my open one is elsewhere
        ("traffic-police", 59, None, ["no-open-application"]),
        ("traffic-police", 600, None, []),
        ("labour-ministry", 70, None, ["no-open-application"]),  # I never applied there
        # Naming my application: open unless it was final before the fetch, whatever the
        # clocks of two services say about its submission.
        ("passport-police", -1, "app-p", []),
        ("passport-police", 30, "app-p", []),
        ("passport-police", 31, "app-p", ["no-open-application"]),
        # Naming my application at another agency, or someone else's: judged as naming none.
        ("traffic-police", 10, "app-p", ["no-open-application"]),
        ("traffic-police", 10, "not-mine", ["no-open-application"]),
        ("traffic-police", 70, "not-mine", []),
        # The platform's own purposes serve every agency: any open application of mine.
        (PLATFORM_AGENCY, 10, None, []),
        (PLATFORM_AGENCY, 45, None, ["no-open-application"]),
        (PLATFORM_AGENCY, 61, None, []),
    ],
)
def test_no_open_application(
    agency: str, minute: int, application: str | None, expected: list[str]
) -> None:
    assert flags(agency, minute, application) == expected


def test_a_person_with_no_application_has_every_fetch_flagged() -> None:
    fetch = Fetch("passport-police", None, "found", at(0))
    assert domain.flags(fetch, [], disputed=False) == ["no-open-application"]


def test_refused_and_disputed_flags_in_a_fixed_order() -> None:
    assert flags("traffic-police", 10, outcome="refused", disputed=True) == [
        "no-open-application",
        "refused",
        "disputed",
    ]
    assert flags("passport-police", 10, disputed=True) == ["disputed"]
    assert flags("passport-police", 10, outcome="unavailable") == []


def test_a_naive_moment_is_read_as_utc() -> None:
    """SQLite hands moments back naive: the same answer as PostgreSQL's aware ones."""
    naive = Fetch("passport-police", None, "found", at(10).replace(tzinfo=None))
    held = Tenure("a", "passport-police", at(0).replace(tzinfo=None), None)
    assert (
        domain.flags(
            naive,
            [
                domain.tenure(
                    application_id="a",
                    agency_id="passport-police",
                    submitted_at=held.opened_at,
                    timeline=[],
                )
            ],
            disputed=False,
        )
        == []
    )


def test_an_application_closes_at_its_first_final_step() -> None:
    timeline = [
        {"event_id": "e0", "kind": "submission", "lag_ms": 1.0},
        {"state": "collecting_evidence", "at": at(1).isoformat()},
        {"state": "needs_review", "at": at(5).isoformat()},
        {"state": "approved", "at": at(9).isoformat()},
        {"state": "cancelled", "at": at(20).isoformat()},
    ]
    assert domain.closed_at(timeline) == at(9)
    assert domain.closed_at(timeline[:3]) is None


def test_only_an_open_dispute_is_answered() -> None:
    dispute = domain.Dispute("d", "e", "s", "******2741", "why", "open", at(0))
    answered = domain.decided(dispute, "rejected", note="basis held", by="office", at=at(5))
    assert (answered.state, answered.note, answered.decided_at) == ("rejected", "basis held", at(5))
    assert answered.reason == "why" and not answered.is_open
    with pytest.raises(ValueError):
        domain.decided(answered, "upheld", note=None, by="office", at=at(6))
