"""In-memory repositories and unit of work of the status projection (no I/O).

They subclass the real repositories, so the batch's bookkeeping (what was loaded, added,
changed, claimed) is the one the service runs; only the storage is a dict, kept in a
`FakeStore` that outlives each unit of work, as the database does.
"""

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from status_service.domain import Access, ServiceName, StatusView
from status_service.repository import AccessHistory, ParkedNotes, ServiceNames, Views
from status_service.uow import StatusUnitOfWork
from tests.fakes import FakeUnitOfWork


@dataclass
class FakeStore:
    views: dict[str, StatusView] = field(default_factory=dict)  # by application id
    access: dict[str, Access] = field(default_factory=dict)  # by event id
    services: dict[str, ServiceName] = field(default_factory=dict)
    fetches: list[list[str]] = field(default_factory=list)  # the ids of each load, in order
    parked: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # by event id
    parked_fetches: list[list[str]] = field(default_factory=list)


class InMemoryViews(Views):
    def __init__(self, store: FakeStore) -> None:
        super().__init__()
        self._store = store

    async def _fetch(self, application_ids: list[str]) -> list[StatusView]:
        self._store.fetches.append(application_ids)
        views = self._store.views
        return [copy.deepcopy(views[a]) for a in application_ids if a in views]

    async def _write(self, new: list[StatusView], changed: list[StatusView]) -> None:
        for view in new:
            assert view.application_id not in self._store.views, "inserted twice"
        for view in changed:
            assert view.application_id in self._store.views, "updated before it was inserted"
        for view in [*new, *changed]:
            self._store.views[view.application_id] = copy.deepcopy(view)


class InMemoryAccessHistory(AccessHistory):
    def __init__(self, store: FakeStore) -> None:
        super().__init__()
        self._store = store

    async def _insert(self, rows: list[Access]) -> None:
        for row in rows:
            kept = self._store.access.values()
            taken = row.inquiry_id is not None and any(a.inquiry_id == row.inquiry_id for a in kept)
            if row.event_id not in self._store.access and not taken:
                self._store.access[row.event_id] = row

    async def _claim(self, claims: list[tuple[str, str]]) -> None:
        for application_id, subject in claims:
            for event_id, row in self._store.access.items():
                if (row.application_id, row.path, row.subject) == (
                    application_id,
                    "application",
                    None,
                ):
                    self._store.access[event_id] = dataclasses.replace(row, subject=subject)


class InMemoryServiceNames(ServiceNames):
    def __init__(self, store: FakeStore) -> None:
        super().__init__()
        self._store = store

    async def _upsert(self, services: list[ServiceName]) -> None:
        for service in services:
            self._store.services[service.service_id] = service


class InMemoryParkedNotes(ParkedNotes):
    def __init__(self, store: FakeStore) -> None:
        super().__init__()
        self._store = store

    async def _fetch(self, application_ids: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        self._store.parked_fetches.append(application_ids)
        wanted = set(application_ids)
        return [
            (app, event_id, copy.deepcopy(note))
            for event_id, (app, note) in self._store.parked.items()
            if app in wanted
        ]

    async def _insert(self, notes: list[tuple[str, str, dict[str, Any]]]) -> None:
        for app, event_id, note in notes:
            self._store.parked.setdefault(event_id, (app, copy.deepcopy(note)))

    async def _delete(self, application_ids: list[str]) -> None:
        gone = set(application_ids)
        self._store.parked = {e: row for e, row in self._store.parked.items() if row[0] not in gone}


class FakeStatusUnitOfWork(FakeUnitOfWork, StatusUnitOfWork):
    def __init__(self, store: FakeStore) -> None:
        super().__init__()
        self.views = InMemoryViews(store)
        self.access = InMemoryAccessHistory(store)
        self.services = InMemoryServiceNames(store)
        self.notes = InMemoryParkedNotes(store)
