"""The compliance unit of work with in-memory storage: the repositories' fold logic is the
real one (`compliance_service.fold`), only `_fetch`/`_write` go to dicts of a `Store`, which
outlives units of work the way a database does."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from compliance_service import deliveries, domain, fold
from compliance_service.figures import AgencyInfo, ServiceInfo
from compliance_service.repository import LostRace
from compliance_service.uow import ComplianceUnitOfWork
from tests.fakes import FakeUnitOfWork


@dataclass
class Store:
    applications: dict[str, domain.Application] = field(default_factory=dict)
    days: dict[domain.Placement, domain.Tally] = field(default_factory=dict)
    services: dict[str, fold.Listing] = field(default_factory=dict)
    agencies: dict[str, AgencyInfo] = field(default_factory=dict)
    delivered: dict[deliveries.Key, deliveries.Move] = field(default_factory=dict)
    fetched: list[list[str]] = field(default_factory=list)  # each `_fetch`'s ids, in order
    writes: list[str] = field(default_factory=list)  # each `_write`, by table


class InMemoryFacts(fold.FactsRepository):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    async def _fetch(self, application_ids: Sequence[str]) -> dict[str, domain.Application]:
        self.store.fetched.append(list(application_ids))
        found = self.store.applications
        return {key: found[key] for key in application_ids if key in found}

    async def _write(
        self, *, new: Sequence[domain.Application], existing: Sequence[domain.Application]
    ) -> None:
        if any(a.application_id in self.store.applications for a in new):
            raise LostRace("created meanwhile")
        self.store.writes.append("facts")
        self.store.applications.update({a.application_id: a for a in [*new, *existing]})

    async def recount(self) -> dict[str, domain.Tally]:
        totals: dict[str, domain.Tally] = {}
        for app in self.store.applications.values():
            if app.placed:
                service_id = app.placed[0]
                totals[service_id] = totals.get(service_id, domain.Tally()) + app.counted
        return {k: v for k, v in totals.items() if v.applications}


class InMemoryDays(fold.DaysRepository):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    async def _write(self, moves: Sequence[tuple[domain.Placement, domain.Tally]]) -> None:
        self.store.writes.append("days")
        for placement, change in moves:
            self.store.days[placement] = self.store.days.get(placement, domain.Tally()) + change

    async def tallies(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> dict[str, domain.Tally]:
        totals: dict[str, domain.Tally] = {}
        for (service_id, day), tally in self.store.days.items():
            if (since is None or day >= since) and (until is None or day <= until):
                totals[service_id] = totals.get(service_id, domain.Tally()) + tally
        return totals


class InMemoryCatalogue(fold.CatalogueRepository):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    async def _write(self, listings: Sequence[fold.Listing]) -> None:
        self.store.writes.append("catalogue")
        for listing in listings:
            known = self.store.services.get(listing.info.service_id)
            if known is None or listing.changed_at >= known.changed_at:
                self.store.services[listing.info.service_id] = listing

    async def services(self) -> list[ServiceInfo]:
        return [self.store.services[key].info for key in sorted(self.store.services)]


class InMemoryAgencies(fold.AgenciesRepository):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    async def _write(self, notes: Sequence[AgencyInfo]) -> None:
        self.store.writes.append("agencies")
        for note in notes:
            known = self.store.agencies.get(note.agency_id, AgencyInfo(note.agency_id, *[None] * 3))
            firsts = [t for t in (known.first_online_inquiry_at, note.first_online_inquiry_at) if t]
            self.store.agencies[note.agency_id] = AgencyInfo(
                note.agency_id,
                note.name_fa or known.name_fa,
                note.name_en or known.name_en,
                min(firsts, default=None),
            )

    async def infos(self) -> list[AgencyInfo]:
        return [self.store.agencies[key] for key in sorted(self.store.agencies)]


class InMemoryDeliveries(fold.DeliveriesRepository):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    async def _write(self, moves: Sequence[tuple[deliveries.Key, deliveries.Move]]) -> None:
        self.store.writes.append("deliveries")
        for key, move in moves:
            self.store.delivered[key] = self.store.delivered.get(key, deliveries.Move()) + move

    async def tallies(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[tuple[deliveries.Key, deliveries.Move]]:
        return [
            (key, move)
            for key, move in sorted(self.store.delivered.items())
            if (since is None or key.day >= since) and (until is None or key.day <= until)
        ]


class FakeComplianceUnitOfWork(FakeUnitOfWork, ComplianceUnitOfWork):
    """One transaction's repositories over `store` (make one per batch, as the consumer)."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.facts = InMemoryFacts(store)
        self.days = InMemoryDays(store)
        self.catalogue = InMemoryCatalogue(store)
        self.agencies = InMemoryAgencies(store)
        self.deliveries = InMemoryDeliveries(store)
