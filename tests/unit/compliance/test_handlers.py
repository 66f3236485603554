"""Every compliance handler through `HandlerTable.apply` on a fake unit of work (no I/O)."""

import datetime as dt
import random
from collections.abc import Sequence

import pytest

from compliance_service import domain, handlers
from compliance_service.figures import AgencyInfo
from panjereh import events
from panjereh.consumers import Received
from tests.unit.compliance.fakes import FakeComplianceUnitOfWork, Store
from tests.unit.compliance.flows import SERVICE, START, Flow, catalogued

pytestmark = pytest.mark.asyncio
TABLE = handlers.table(freshness_bound_seconds=5.0)
DAY = dt.date(2026, 11, 29)
ALL_MET = domain.Tally(1, (1, 1, 1, 1), (0, 0, 0, 0))


async def apply(store: Store, *batches: Sequence[Received[events.Event]]) -> None:
    for batch in batches:
        async with FakeComplianceUnitOfWork(store) as uow:
            await TABLE.apply(uow, batch)
            await uow.commit()


def verdicts(store: Store, flow: Flow) -> domain.Criteria:
    facts = store.applications[flow.application_id].facts
    judged = domain.judge(facts, freshness_bound_ms=5000)
    assert judged is not None
    return judged


def retrieved_at(item: Received[events.Event]) -> dt.datetime:
    assert isinstance(item.event, events.EvidenceRetrieved)
    return item.event.retrieved_at


def by_topic(flows: Sequence[Flow]) -> list[Received[events.Event]]:
    """The flows' events interleaved as three topics read independently may bring them:
    the status topic first, then evidence, then applications, each keeping its own order."""
    items = [item for flow in flows for item in flow.items]
    order = {"panjereh.status": 0, "panjereh.evidence": 1, "panjereh.application": 2}
    return sorted(items, key=lambda item: order[type(item.event).topic])


async def test_an_application_in_one_batch_is_counted_once_with_every_criterion_met() -> None:
    store, flow = Store(), Flow().smooth()
    await apply(store, [catalogued(START, "Passport"), *flow.items])

    assert store.days == {(SERVICE, DAY): ALL_MET}
    app = store.applications[flow.application_id]
    assert (app.placed, app.counted) == ((SERVICE, DAY), ALL_MET)
    assert store.fetched == [[flow.application_id]]  # one read for the whole batch
    assert store.writes == ["facts", "days", "agencies", "catalogue"]  # one write per table
    (agency,) = await store_infos(store)
    assert agency.first_online_inquiry_at == retrieved_at(flow.items[2])  # the first answer


async def store_infos(store: Store) -> list[AgencyInfo]:
    async with FakeComplianceUnitOfWork(store) as uow:
        return await uow.agencies.infos()


async def test_one_event_per_batch_and_all_in_one_batch_give_the_same_tallies() -> None:
    flows = [Flow().smooth(), Flow().smooth(lag_ms=9000.0), Flow().submitted(paper=("copy",))]
    flows[2].moved("collecting_evidence").evidence(online=None).moved("evaluating")
    flows[2].decided(by="rules", outcome="needs_review").moved("needs_review")
    flows[2].decided(by="officer").moved("approved").fresh()
    items = [item for flow in flows for item in flow.items]
    one_by_one, all_at_once, reordered, in_chunks = Store(), Store(), Store(), Store()

    await apply(one_by_one, *([item] for item in items))
    await apply(all_at_once, items)
    await apply(reordered, by_topic(flows))
    shuffled = by_topic(flows)
    await apply(in_chunks, *(shuffled[i : i + 4] for i in range(0, len(shuffled), 4)))

    assert one_by_one.days[(SERVICE, DAY)] == domain.Tally(3, (2, 2, 2, 2), (1, 1, 1, 1))
    for other in (all_at_once, reordered, in_chunks):
        assert other.days == one_by_one.days
        assert other.applications == one_by_one.applications


async def test_random_batchings_of_many_applications_match_one_event_per_batch() -> None:
    rng = random.Random(19)
    flows = [Flow().smooth(lag_ms=rng.choice((40.0, 6000.0))) for _ in range(20)]
    items = by_topic(flows)
    expected = Store()
    await apply(expected, *([item] for item in items))
    for _ in range(5):
        cuts = sorted(rng.sample(range(1, len(items)), 6))
        store = Store()
        await apply(
            store, *(items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)], strict=True))
        )
        assert store.days == expected.days
    assert (await FakeComplianceUnitOfWork(expected).facts.recount()) == {
        SERVICE: expected.days[(SERVICE, DAY)]
    }


async def test_events_before_the_submission_are_kept_and_counted_once_it_arrives() -> None:
    flow = Flow().smooth()
    submission, rest = flow.items[0], flow.items[1:]
    store = Store()

    await apply(store, rest)
    assert store.days == {}  # nothing to count without a submission (no service, no day)
    assert store.applications[flow.application_id].placed is None

    await apply(store, [submission])
    assert store.days == {(SERVICE, DAY): ALL_MET}


async def test_a_change_shown_late_misses_criterion_4_before_the_application_ends() -> None:
    flow = Flow().submitted().moved("collecting_evidence")
    store = Store()
    await apply(store, flow.items)
    assert verdicts(store, flow).status_available is None

    early = len(flow.items)
    flow.fresh(6000.0, final=False, only=1)  # the status service's early alarm
    await apply(store, flow.items[early:])
    assert verdicts(store, flow).status_available is False

    done = len(flow.items)
    flow.moved("evaluating").decided().moved("approved").fresh(40.0)  # final: all its lags
    await apply(store, flow.items[done:])
    assert verdicts(store, flow).status_available is False  # a miss stays missed
    assert store.days[(SERVICE, DAY)].missed[3] == 1


async def test_criterion_4_waits_for_a_lag_of_every_change() -> None:
    flow = Flow().submitted().moved("collecting_evidence", "evaluating").decided()
    flow.moved("approved").fresh(only=0).fresh(only=1).fresh(only=2)
    store = Store()
    await apply(store, flow.items)
    assert verdicts(store, flow).status_available is None
    assert store.days[(SERVICE, DAY)].met[3] == store.days[(SERVICE, DAY)].missed[3] == 0

    flow.fresh(only=3)
    await apply(store, flow.items[-1:])
    assert verdicts(store, flow).status_available is True


async def test_v1_freshness_still_counts_like_v2() -> None:
    v1, v2 = Flow(), Flow()
    for flow in (v1, v2):
        flow.submitted().moved("collecting_evidence").evidence("national-id-card")
        flow.evidence("birth-certificate").evidence("address").decided().moved("approved")
    v1.fresh_v1(40.0)
    v2.fresh(40.0)
    store_v1, store_v2 = Store(), Store()
    await apply(store_v1, v1.items)
    await apply(store_v2, v2.items)
    assert store_v1.days == store_v2.days == {(SERVICE, DAY): ALL_MET}


async def test_a_change_reported_twice_keeps_its_longest_lag_in_either_order() -> None:
    flow = Flow().submitted().moved("approved").decided()
    head = len(flow.items)
    flow.fresh(6000.0, final=False, only=1).fresh(40.0)
    late_then_final, final_then_late = Store(), Store()
    await apply(late_then_final, flow.items)
    await apply(final_then_late, flow.items[:head], flow.items[head:][::-1])
    for store in (late_then_final, final_then_late):
        assert store.applications[flow.application_id].facts.freshness_ms[flow.changes[1]] == 6000
        assert verdicts(store, flow).status_available is False


async def test_evidence_offline_or_unavailable_misses_criterion_2_and_notes_no_inquiry() -> None:
    offline, unavailable = Flow().submitted(), Flow().submitted()
    offline.evidence("national-id-card", online=False)
    unavailable.evidence("national-id-card", online=None)
    store = Store()
    await apply(store, [*offline.items, *unavailable.items])
    assert verdicts(store, offline).online_inquiry is False
    assert verdicts(store, unavailable).online_inquiry is False
    assert store.agencies == {}


async def test_the_earliest_online_inquiry_is_kept_whatever_the_order() -> None:
    early, late = Flow(), Flow(clock=START + dt.timedelta(hours=1))
    early.evidence()
    late.evidence()
    store = Store()
    await apply(store, late.items, early.items, late.items)
    (info,) = await store_infos(store)
    assert info.first_online_inquiry_at == retrieved_at(early.items[0])


async def test_an_older_catalogue_event_does_not_replace_a_newer_one() -> None:
    newer = catalogued(START + dt.timedelta(hours=1), "Passport (new)", events.ServiceUpdated)
    older = catalogued(START, "Passport")
    in_one, in_two = Store(), Store()
    await apply(in_one, [newer, older])
    await apply(in_two, [newer], [older])
    for store in (in_one, in_two):
        async with FakeComplianceUnitOfWork(store) as uow:
            (service,) = await uow.catalogue.services()
            (agency,) = await uow.agencies.infos()
        assert service.name_en == "Passport (new)"
        assert (agency.name_en, agency.first_online_inquiry_at) == ("Passport police", None)


async def test_the_platforms_own_purposes_count_in_no_figure() -> None:
    # The Shahkar match's legal basis is a catalogue entry of the platform, offered to no one:
    # it must not enter the services counted, nor list the platform among lagging agencies.
    store = Store()
    await apply(store, [catalogued(START, "SMS to applicants", agency_id=events.PLATFORM_AGENCY)])
    async with FakeComplianceUnitOfWork(store) as uow:
        assert await uow.catalogue.services() == []
        assert await uow.agencies.infos() == []


async def test_a_second_submission_under_another_service_moves_the_count() -> None:
    flow = Flow().smooth()
    store = Store()
    await apply(store, flow.items)
    again = Flow(application_id=flow.application_id, clock=flow.clock).submitted("other-service")
    await apply(store, again.items)
    assert store.days[(SERVICE, DAY)] == domain.Tally()
    assert store.days[("other-service", DAY)].applications == 1


async def test_an_application_created_meanwhile_by_another_transaction_fails_the_batch() -> None:
    flow = Flow().submitted()
    store = Store()
    first, second = FakeComplianceUnitOfWork(store), FakeComplianceUnitOfWork(store)
    async with first, second:
        await TABLE.apply(first, flow.items)
        await TABLE.apply(second, flow.items)
        await first.commit()
        with pytest.raises(RuntimeError, match="created meanwhile"):
            await second.commit()
    assert store.days == {(SERVICE, DAY): domain.Tally(1, (1, 0, 0, 0), (0, 0, 0, 0))}


async def test_a_handler_without_its_batch_prepared_refuses_rather_than_guess() -> None:
    flow = Flow().submitted()
    async with FakeComplianceUnitOfWork(Store()) as uow:
        with pytest.raises(LookupError, match="not loaded"):
            await TABLE._handlers[events.ApplicationSubmitted](
                flow.items[0].event, flow.items[0].envelope, uow
            )
