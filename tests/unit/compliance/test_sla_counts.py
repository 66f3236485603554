"""Breaches per service (API.md, SLA breaches): each application past its SLA counted once
under its service and submission day, with its escalation or deemed approval, in any batching
and any replay; a deemed approval misses the automated criterion."""

import datetime as dt

import pytest

from compliance_service import domain, figures, schemas
from compliance_service.figures import AgencyInfo, ServiceInfo
from compliance_service.policy import Policy
from compliance_service.services import Period
from tests.unit.compliance.fakes import FakeComplianceUnitOfWork, Store
from tests.unit.compliance.flows import AGENCY, SERVICE, Flow
from tests.unit.compliance.test_handlers import DAY, apply, by_topic


def _flows() -> list[Flow]:
    notified = Flow().submitted().moved("collecting_evidence").breached()
    escalated = Flow().submitted().moved("collecting_evidence").breached().escalated()
    deemed = Flow().submitted().moved("collecting_evidence").breached()
    deemed.moved("approved").decided(by="sla").fresh()
    on_time = Flow().smooth()
    return [notified, escalated, deemed, on_time]


@pytest.mark.asyncio
async def test_each_breach_is_counted_once_with_what_it_did() -> None:
    store = Store()
    await apply(store, [item for flow in _flows() for item in flow.items])
    tally = store.days[(SERVICE, DAY)]
    assert tally.applications == 4
    assert (tally.sla_breached, tally.sla_escalated, tally.sla_deemed_approved) == (3, 1, 1)


@pytest.mark.asyncio
async def test_a_deemed_approval_misses_the_automated_and_online_criteria() -> None:
    store, [*_, deemed, _] = Store(), _flows()
    await apply(store, deemed.items)
    facts = store.applications[deemed.application_id].facts
    assert (facts.decided_by, facts.outcome, facts.sla) == ("sla", "approved", "deemed_approved")
    judged = domain.judge(facts, freshness_bound_ms=5000)
    assert judged is not None and judged.automated is False
    # Approved before its evidence came: its evidence never all came online.
    assert judged.online_inquiry is False
    assert store.days[(SERVICE, DAY)].missed[domain.CRITERIA.index("automated")] == 1


@pytest.mark.asyncio
async def test_any_batching_and_a_replay_give_the_same_counts() -> None:
    flows = _flows()
    items = [item for flow in flows for item in flow.items]
    one_by_one, reordered, replayed = Store(), Store(), Store()
    await apply(one_by_one, *([item] for item in items))
    await apply(reordered, by_topic(flows))
    await apply(replayed, items, items)  # again from the start: the inbox forgot
    assert reordered.days == one_by_one.days == replayed.days
    assert (await FakeComplianceUnitOfWork(one_by_one).facts.recount()) == {
        SERVICE: one_by_one.days[(SERVICE, DAY)]
    }


@pytest.mark.asyncio
async def test_a_breach_before_its_submission_counts_once_the_submission_comes() -> None:
    flow = Flow().submitted().breached().escalated()
    submission, rest = flow.items[0], flow.items[1:]
    store = Store()
    await apply(store, rest)
    assert store.days == {}
    await apply(store, [submission])
    assert store.days[(SERVICE, DAY)].sla == (1, 1, 0)


def test_an_outcome_only_moves_up() -> None:
    facts = domain.sla_outcome(domain.Facts(), "escalated")
    assert domain.sla_outcome(facts, "breached").sla == "escalated"
    assert domain.sla_outcome(facts, "deemed_approved").sla == "deemed_approved"


def test_tallies_add_and_take_back_their_sla_counts() -> None:
    one = domain.Tally(1, (1, 1, 1, 1), (0, 0, 0, 0), (1, 1, 0))
    assert (one + one).sla == (2, 2, 0)
    assert (one + -one) == domain.Tally()


def test_the_report_shows_the_counts_per_service_agency_and_nation() -> None:
    info = ServiceInfo(SERVICE, AGENCY, "گذرنامه", "Passport", True, True, "automatic", ())
    other = ServiceInfo("visa", AGENCY, "روادید", "Visa", True, True, "automatic", ())
    tallies = {
        SERVICE: domain.Tally(5, (5, 5, 4, 5), (0, 0, 1, 0), (3, 1, 1)),
        "visa": domain.Tally(2, (2, 2, 2, 2), (0, 0, 0, 0), (1, 0, 0)),
    }
    national = figures.build(
        services=[info, other],
        agencies=[AgencyInfo(AGENCY, None, None, None)],
        tallies=tallies,
        policy=Policy(minimum_applications=10, targets=()),
        today=dt.date(2026, 12, 1),
    )
    [agency] = national.agencies
    out = schemas.agency_out(agency, national)
    by_service = {s.service_id: s for s in out.services}
    assert (by_service[SERVICE].sla_breached, by_service[SERVICE].sla_escalated) == (3, 1)
    assert by_service[SERVICE].sla_deemed_approved == 1
    assert (out.sla_breached, out.sla_escalated, out.sla_deemed_approved) == (4, 1, 1)
    summary = schemas.summary_out(national, period=Period())
    assert (summary.sla_breached, summary.sla_escalated, summary.sla_deemed_approved) == (4, 1, 1)
