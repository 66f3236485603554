"""API models of the compliance report (API.md, Compliance), built from the figures."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from compliance_service import domain, figures
from compliance_service.services import Period
from panjereh import jalali
from panjereh.web.pagination import Position


class CriterionCount(BaseModel):
    met: int
    missed: int


class SlaCounts(BaseModel):
    """Applications that passed their service's SLA undecided (API.md, SLA breaches): all of
    them (`sla_breached`), those escalated to the agency's supervisors, and those approved
    by the law's silence-is-consent (`sla_deemed_approved`, which the automated criterion
    counts as missed: no rule decided them)."""

    sla_breached: int = 0
    sla_escalated: int = 0
    sla_deemed_approved: int = 0


def _sla(counts: tuple[int, int, int]) -> dict[str, int]:
    breached, escalated, deemed = counts
    return {"sla_breached": breached, "sla_escalated": escalated, "sla_deemed_approved": deemed}


class ServiceCompliance(SlaCounts):
    service_id: str
    agency_id: str
    name_fa: str
    name_en: str
    on_window: bool
    decision: str
    paper_documents: list[str]
    applications: int
    no_paper_share: float | None
    online_inquiry_share: float | None
    automated_share: float | None
    status_available_share: float | None
    criteria: dict[str, CriterionCount]
    smart: bool
    smart_basis: str  # "traffic" (measured) or "design" (below the minimum volume)
    smart_by_design: bool


class AgencyTarget(BaseModel):
    name: str
    metric: str
    target: float
    actual: float
    meets: bool


class AgencyCompliance(SlaCounts):
    agency_id: str
    name_fa: str | None
    name_en: str | None
    services_total: int
    services_on_window: int
    window_share: float | None
    services_smart: int
    smart_share: float | None
    online_inquiry: bool
    first_online_inquiry_at: dt.datetime | None
    first_online_inquiry_jalali: str | None
    applications: int
    targets: list[AgencyTarget]
    services: list[ServiceCompliance]


class TargetReport(BaseModel):
    name: str
    title_fa: str
    title_en: str
    metric: str
    scope: str
    target: float
    deadline: dt.date
    deadline_jalali: str
    actual: float
    on_track: bool
    state: str  # met | behind | missed (deadline passed)
    days_left: int
    agencies_meeting: int
    agencies_total: int
    lagging: list[str]


class PeriodOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: dt.date | None = Field(alias="from")
    to: dt.date | None
    from_jalali: str | None
    to_jalali: str | None


class Summary(SlaCounts):
    period: PeriodOut
    services_total: int
    services_on_window: int
    window_share: float | None
    services_smart: int
    smart_share: float | None
    agencies_total: int
    agencies_online_inquiry: int
    applications: int
    targets: list[TargetReport]


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def service_out(s: figures.ServiceFigures) -> ServiceCompliance:
    counts = {
        name: CriterionCount(met=s.tally.met[i], missed=s.tally.missed[i])
        for i, name in enumerate(domain.CRITERIA)
    }
    return ServiceCompliance(
        service_id=s.info.service_id,
        agency_id=s.info.agency_id,
        name_fa=s.info.name_fa,
        name_en=s.info.name_en,
        on_window=s.info.on_window,
        decision=s.info.decision,
        paper_documents=list(s.info.paper_documents),
        applications=s.tally.applications,
        no_paper_share=_share(s.share("no_paper")),
        online_inquiry_share=_share(s.share("online_inquiry")),
        automated_share=_share(s.share("automated")),
        status_available_share=_share(s.share("status_available")),
        criteria=counts,
        smart=s.smart,
        smart_basis=s.smart_basis,
        smart_by_design=s.info.smart_by_design,
        **_sla(s.tally.sla),
    )


def agency_out(a: figures.AgencyFigures, national: figures.National) -> AgencyCompliance:
    first = a.info.first_online_inquiry_at
    return AgencyCompliance(
        agency_id=a.info.agency_id,
        name_fa=a.info.name_fa,
        name_en=a.info.name_en,
        services_total=a.services_total,
        services_on_window=a.services_on_window,
        window_share=a.window_share,
        services_smart=a.services_smart,
        smart_share=a.smart_share,
        online_inquiry=a.online_inquiry,
        first_online_inquiry_at=first,
        first_online_inquiry_jalali=jalali.to_jalali(first) if first else None,
        applications=a.applications,
        targets=[
            AgencyTarget(
                name=t.target.name,
                metric=t.target.metric,
                target=t.target.threshold,
                actual=round(a.metric(t.target.metric), 4),
                meets=a.metric(t.target.metric) >= t.target.threshold,
            )
            for t in national.targets
        ],
        services=[service_out(s) for s in a.services],
        **_sla(a.sla),
    )


def target_out(t: figures.TargetFigures) -> TargetReport:
    return TargetReport(
        name=t.target.name,
        title_fa=t.target.title_fa,
        title_en=t.target.title_en,
        metric=t.target.metric,
        scope=t.target.scope,
        target=t.target.threshold,
        deadline=t.target.deadline,
        deadline_jalali=jalali.to_jalali(t.target.deadline),
        actual=t.actual,
        on_track=t.on_track,
        state=t.state,
        days_left=t.days_left,
        agencies_meeting=t.agencies_meeting,
        agencies_total=t.agencies_total,
        lagging=list(t.lagging),
    )


def summary_out(national: figures.National, period: Period) -> Summary:
    return Summary(
        period=PeriodOut(
            from_=period.since,
            to=period.until,
            from_jalali=jalali.to_jalali(period.since) if period.since else None,
            to_jalali=jalali.to_jalali(period.until) if period.until else None,
        ),
        services_total=national.services_total,
        services_on_window=national.services_on_window,
        window_share=national.window_share,
        services_smart=national.services_smart,
        smart_share=national.smart_share,
        agencies_total=len(national.agencies),
        agencies_online_inquiry=national.agencies_online_inquiry,
        applications=national.applications,
        targets=[target_out(t) for t in national.targets],
        **_sla(national.sla),
    )


class AfterPosition(Position):
    """Where a page of a list sorted by one key ends (the cursor's content)."""

    after: Annotated[str, Field(max_length=200)]
