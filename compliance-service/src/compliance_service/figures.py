"""Figures per service, per agency and for the country, and the targets judged on them.

Pure: the report module loads the catalogue and the tallies, this module does the arithmetic.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from compliance_service import domain
from compliance_service.policy import Metric, Policy, Target


@dataclass(frozen=True)
class ServiceInfo:
    service_id: str
    agency_id: str
    name_fa: str
    name_en: str
    on_window: bool
    smart_by_design: bool
    decision: str
    paper_documents: tuple[str, ...]


@dataclass(frozen=True)
class AgencyInfo:
    agency_id: str
    name_fa: str | None
    name_en: str | None
    first_online_inquiry_at: dt.datetime | None


@dataclass(frozen=True)
class ServiceFigures:
    info: ServiceInfo
    tally: domain.Tally
    smart: bool
    smart_basis: Literal["traffic", "design"]

    def share(self, criterion: str) -> float | None:
        return self.tally.share(domain.CRITERIA.index(criterion))


class _Totals:
    """Counts over a set of services (an agency's, or the country's)."""

    services: tuple["ServiceFigures", ...]

    @property
    def services_total(self) -> int:
        return len(self.services)

    @property
    def services_on_window(self) -> int:
        return sum(s.info.on_window for s in self.services)

    @property
    def services_smart(self) -> int:
        return sum(s.smart for s in self.services)

    @property
    def applications(self) -> int:
        return sum(s.tally.applications for s in self.services)

    @property
    def sla(self) -> tuple[int, int, int]:
        """Applications past their SLA undecided, of them escalated, and deemed approved."""
        return sum((s.tally for s in self.services), domain.Tally()).sla

    @property
    def window_share(self) -> float | None:
        return _ratio(self.services_on_window, self.services_total)

    @property
    def smart_share(self) -> float | None:
        return _ratio(self.services_smart, self.services_total)


@dataclass(frozen=True)
class AgencyFigures(_Totals):
    info: AgencyInfo
    services: tuple[ServiceFigures, ...]

    @property
    def online_inquiry(self) -> bool:
        return self.info.first_online_inquiry_at is not None

    def metric(self, metric: Metric) -> float:
        value = {
            "online_inquiry": float(self.online_inquiry),
            "smart_share": self.smart_share,
            "window_share": self.window_share,
        }[metric]
        return value or 0.0


@dataclass(frozen=True)
class TargetFigures:
    target: Target
    actual: float
    on_track: bool
    days_left: int
    state: Literal["met", "behind", "missed"]
    agencies_meeting: int
    agencies_total: int
    lagging: tuple[str, ...]


@dataclass(frozen=True)
class National(_Totals):
    agencies: tuple[AgencyFigures, ...]
    targets: tuple[TargetFigures, ...]
    services: tuple[ServiceFigures, ...]  # every agency's, in the agencies' order

    @property
    def agencies_online_inquiry(self) -> int:
        return sum(a.online_inquiry for a in self.agencies)

    def metric(self, metric: Metric) -> float:
        value = {
            "online_inquiry": _ratio(self.agencies_online_inquiry, len(self.agencies)),
            "smart_share": self.smart_share,
            "window_share": self.window_share,
        }[metric]
        return value or 0.0


def build(
    *,
    services: Iterable[ServiceInfo],
    agencies: Iterable[AgencyInfo],
    tallies: Mapping[str, domain.Tally],
    policy: Policy,
    today: dt.date,
) -> National:
    """Every figure of the report, with the policy's targets judged as of `today` (Tehran)."""
    by_agency: dict[str, list[ServiceFigures]] = {}
    for info in services:
        tally = tallies.get(info.service_id, domain.Tally())
        is_smart, basis = domain.smart(
            tally, by_design=info.smart_by_design, minimum=policy.minimum_applications
        )
        by_agency.setdefault(info.agency_id, []).append(
            ServiceFigures(info, tally, is_smart, basis)
        )
    known = {a.agency_id: a for a in agencies}
    for agency_id in by_agency.keys() - known.keys():
        known[agency_id] = AgencyInfo(agency_id, None, None, None)
    agency_figures = tuple(
        AgencyFigures(known[agency_id], tuple(by_agency.get(agency_id, ())))
        for agency_id in sorted(known)
    )
    every = tuple(s for agency in agency_figures for s in agency.services)
    untargeted = National(agency_figures, (), every)
    targets = tuple(_judge(target, untargeted, today) for target in policy.targets)
    return National(agency_figures, targets, every)


def _judge(target: Target, national: National, today: dt.date) -> TargetFigures:
    values = {a.info.agency_id: a.metric(target.metric) for a in national.agencies}
    meeting = [agency for agency, value in values.items() if value >= target.threshold]
    if target.scope == "national":
        actual = national.metric(target.metric)
    else:  # every agency must reach it: the figure is the weakest agency's
        actual = min(values.values(), default=0.0)
    on_track = actual >= target.threshold
    left = domain.days_left(target.deadline, today)
    state: Literal["met", "behind", "missed"] = (
        "met" if on_track else "missed" if left < 0 else "behind"
    )
    return TargetFigures(
        target=target,
        actual=round(actual, 4),
        on_track=on_track,
        days_left=left,
        state=state,
        agencies_meeting=len(meeting),
        agencies_total=len(values),
        lagging=tuple(sorted(values.keys() - set(meeting))),
    )


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
