"""Figures per agency and nationally, and targets judged against the policy file's data."""

import datetime as dt
from pathlib import Path

import pytest

from compliance_service import domain, figures
from compliance_service.policy import Policy, PolicyError, PolicySource, Target, parse

TODAY = dt.date(2026, 11, 29)  # 1405/09/08


def _service(service_id: str, agency: str, *, on_window: bool = True, design: bool = True):  # type: ignore[no-untyped-def]
    return figures.ServiceInfo(
        service_id, agency, service_id, service_id, on_window, design, "automatic", ()
    )


def _target(
    metric: str, threshold: float, *, scope: str = "agency", deadline: str = "1405/12/29"
) -> Target:
    return Target.model_validate(
        {
            "name": f"{metric}-{scope}".replace("_", "-"),
            "title_fa": "هدف",
            "title_en": "goal",
            "metric": metric,
            "scope": scope,
            "threshold": threshold,
            "deadline": deadline,
        }
    )


def _national(*targets: Target) -> figures.National:
    services = [
        _service("a1", "a"),
        _service("a2", "a", on_window=False, design=False),
        _service("b1", "b", design=False),
    ]
    agencies = [
        figures.AgencyInfo("a", "الف", "A", dt.datetime(2026, 11, 1, tzinfo=dt.UTC)),
        figures.AgencyInfo("b", "ب", "B", None),
    ]
    return figures.build(
        services=services,
        agencies=agencies,
        tallies={},
        policy=Policy(minimum_applications=10, targets=targets),
        today=TODAY,
    )


def test_shares_per_agency_and_nationally() -> None:
    national = _national()
    a, b = national.agencies
    assert (a.services_total, a.services_on_window, a.window_share, a.smart_share) == (
        2,
        1,
        0.5,
        0.5,
    )
    assert (b.window_share, b.smart_share, b.online_inquiry) == (1.0, 0.0, False)
    assert (national.services_total, national.window_share, national.smart_share) == (
        3,
        0.6667,
        0.3333,
    )
    assert national.agencies_online_inquiry == 1


def test_an_agency_target_is_judged_on_the_weakest_agency_and_names_the_laggards() -> None:
    [target] = _national(_target("smart_share", 0.05)).targets
    assert (target.actual, target.on_track, target.state) == (0.0, False, "behind")
    assert (target.agencies_meeting, target.agencies_total, target.lagging) == (1, 2, ("b",))
    assert target.days_left == 111  # 1405/09/08 → 1405/12/29


def test_a_national_target_is_judged_on_the_national_figure() -> None:
    [target] = _national(_target("window_share", 0.5, scope="national")).targets
    assert (target.actual, target.on_track, target.state) == (0.6667, True, "met")


def test_a_passed_deadline_not_met_is_missed() -> None:
    [target] = _national(_target("online_inquiry", 1.0, deadline="1401/10/30")).targets
    assert (target.on_track, target.state) == (False, "missed") and target.days_left < 0


def test_measured_traffic_decides_smart_over_the_minimum_volume() -> None:
    tally = domain.Tally(12, (12, 12, 12, 12), (0, 0, 0, 0))
    national = figures.build(
        services=[_service("b1", "b", design=False)],
        agencies=[],
        tallies={"b1": tally},
        policy=Policy(minimum_applications=10, targets=()),
        today=TODAY,
    )
    [service] = national.services
    assert (service.smart, service.smart_basis) == (True, "traffic")


def test_policy_deadlines_may_be_jalali_in_persian_digits_or_iso() -> None:
    policy = parse(
        "minimum_applications: 5\n"
        "targets:\n"
        "  - {name: dey, title_fa: دی, title_en: Dey, metric: online_inquiry, scope: agency,"
        " threshold: 1, deadline: '۱۴۰۵/۱۰/۳۰'}\n"
        "  - {name: iso, title_fa: س, title_en: Y, metric: smart_share, scope: national,"
        " threshold: 0.05, deadline: '2027-03-20'}\n"
    )
    assert [t.deadline for t in policy.targets] == [dt.date(2027, 1, 20), dt.date(2027, 3, 20)]


@pytest.mark.parametrize(
    "text",
    [
        "minimum_applications: 0\ntargets: []",
        "minimum_applications: 5\ntargets:\n  - {name: x, metric: speed}",
        "targets: [",
        "- just a list",
    ],
)
def test_a_broken_policy_is_refused_with_the_reason(text: str) -> None:
    with pytest.raises(PolicyError):
        parse(text)


def test_the_shipped_policy_names_the_three_government_targets() -> None:
    policy = PolicySource(None).current()
    assert {t.metric: t.threshold for t in policy.targets} == {
        "online_inquiry": 1.0,
        "smart_share": 0.05,
        "window_share": 0.5,
    }


def test_the_policy_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    shipped = Path(__file__).parents[3] / "compliance-service/src/compliance_service/policy.yaml"
    path.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    source = PolicySource(path)
    assert source.current().minimum_applications == 10
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "minimum_applications: 10", "minimum_applications: 30"
        ),
        encoding="utf-8",
    )
    assert source.current().minimum_applications == 30
