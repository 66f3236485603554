"""Facts and tallies from event histories: a hand count, any arrival order, replay (Must show 4)."""

import random
from typing import Any

import httpx
import pytest

from compliance_service.uow import ComplianceUnitOfWork
from panjereh.bus.memory import InMemoryBus
from tests.integration.compliance.conftest import (
    History,
    catalogue_messages,
    compliance_service,
    messages,
)
from tests.support import eventually

pytestmark = pytest.mark.asyncio


def _history() -> History:
    history = History()
    for n in range(10):
        history.application("passport-issuance", outcome="rejected" if n % 5 == 0 else "approved")
    for outcome in ("approved", "rejected", "approved"):
        history.application("exit-permit-review", outcome=outcome, by="officer")
    for _ in range(2):
        history.application("business-permit", outcome="approved", by="officer")
    return history


async def settled(client: httpx.AsyncClient, applications: int) -> bool:
    """Every application counted and every one of its four criteria judged."""
    page = (await client.get("/v1/compliance/services")).json()
    judged = [
        s["applications"] == sum(count.values())
        for s in page["items"]
        for count in s["criteria"].values()
    ]
    return sum(s["applications"] for s in page["items"]) == applications and all(judged)


async def _feed(client: httpx.AsyncClient, bus: InMemoryBus, batches: list[list[Any]]) -> None:
    for batch in batches:
        await bus.publish_batch(batch)
    await eventually(lambda: settled(client, 15), within=30)


async def _report(url: str, batches: list[list[Any]]) -> dict[str, Any]:
    bus = InMemoryBus()
    await bus.start()
    try:
        async with compliance_service(url, bus) as client:
            await _feed(client, bus, batches)
            agencies = (await client.get("/v1/compliance/agencies")).json()
            summary = (await client.get("/v1/compliance/summary")).json()
            runtime = client.service_app.state.runtime  # type: ignore[attr-defined]
            async with runtime.uow_of(ComplianceUnitOfWork)() as uow:
                tallies = await uow.days.tallies()
                recount = await uow.facts.recount()
            return {
                "agencies": agencies,
                "summary": summary,
                "tallies": tallies,
                "recount": recount,
            }
    finally:
        await bus.stop()


def _services(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["service_id"]: s for a in report["agencies"]["items"] for s in a["services"]}


async def test_the_figures_match_a_hand_count(database_url: str) -> None:
    history = _history()
    report = await _report(database_url, [catalogue_messages(), messages(history.envelopes)])
    services = _services(report)
    passport, exit_permit, business = (
        services[s] for s in ("passport-issuance", "exit-permit-review", "business-permit")
    )
    assert passport["applications"] == 10
    assert [
        passport[f"{c}_share"]
        for c in ("no_paper", "online_inquiry", "automated", "status_available")
    ] == [1.0] * 4
    assert (passport["smart"], passport["smart_basis"]) == (True, "traffic")
    assert (exit_permit["automated_share"], exit_permit["online_inquiry_share"]) == (0.0, 1.0)
    assert exit_permit["smart"] is False
    assert (business["no_paper_share"], business["smart"], business["on_window"]) == (
        0.0,
        False,
        False,
    )

    by_agency = {a["agency_id"]: a for a in report["agencies"]["items"]}
    police, industry = by_agency["passport-police"], by_agency["industry-ministry"]
    assert (police["window_share"], police["smart_share"], police["online_inquiry"]) == (
        1.0,
        0.5,
        True,
    )
    assert police["name_fa"] == "دستگاه passport-police"
    assert (industry["window_share"], industry["smart_share"], industry["online_inquiry"]) == (
        0.0,
        0.0,
        False,
    )

    summary = report["summary"]
    assert (
        summary["services_total"],
        summary["services_on_window"],
        summary["services_smart"],
    ) == (3, 2, 1)
    assert (summary["window_share"], summary["smart_share"]) == (0.6667, 0.3333)
    targets = {t["name"]: t for t in summary["targets"]}
    assert targets["online-inquiry-infrastructure"]["lagging"] == ["industry-ministry"]
    assert targets["online-inquiry-infrastructure"]["deadline_jalali"] == "1405/10/30"
    assert {t["on_track"] for t in targets.values()} == {False}
    assert report["tallies"] == report["recount"]


async def test_a_slow_status_update_and_an_unavailable_registry_are_counted(
    sqlite_url: str,
) -> None:
    history = _history()
    history.application("passport-issuance", status_lag_ms=7000)
    history.application("passport-issuance", unavailable="birth-certificate", by="officer")
    bus = InMemoryBus()
    await bus.start()
    try:
        async with compliance_service(sqlite_url, bus) as client:
            await bus.publish_batch(catalogue_messages() + messages(history.envelopes))

            await eventually(lambda: settled(client, 17), within=30)
            passport = (
                await client.get("/v1/compliance/services?agency_id=passport-police")
            ).json()
    finally:
        await bus.stop()
    found = {s["service_id"]: s for s in passport["items"]}["passport-issuance"]
    assert found["criteria"]["status_available"] == {"met": 11, "missed": 1}
    assert found["criteria"]["online_inquiry"] == {"met": 11, "missed": 1}
    assert found["criteria"]["automated"] == {"met": 11, "missed": 1}
    assert found["smart"] is False


async def test_any_arrival_order_duplicates_and_a_replay_give_the_same_aggregates(
    database_url: str, tmp_path: Any
) -> None:
    history = _history()
    catalogue, flow = catalogue_messages(), messages(history.envelopes)
    in_order = await _report(f"sqlite+aiosqlite:///{tmp_path}/in-order.db", [catalogue, flow])
    # Topics are read independently: evidence and status facts may come before the
    # submission; within one topic an application's events keep their order.
    by_topic: dict[str, list[Any]] = {}
    for message in flow:
        by_topic.setdefault(message.topic, []).append(message)
    reordered = (
        by_topic["panjereh.status"]
        + by_topic["panjereh.evidence"]
        + by_topic["panjereh.application"]
    )
    rng = random.Random(7)
    duplicated = [m for m in reordered for _ in range(rng.choice((1, 2)))]
    replayed = await _report(database_url, [duplicated, catalogue, flow[:40], flow])
    assert replayed["agencies"] == in_order["agencies"]
    assert replayed["summary"] == in_order["summary"]
    assert replayed["tallies"] == replayed["recount"] == in_order["tallies"]
