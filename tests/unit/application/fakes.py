"""An application unit of work with no database: in-memory repositories of the same shape."""

import datetime as dt
from collections.abc import Collection

from application_service.applications import domain
from application_service.applications.repository import (
    ApplicationRepository,
    KeyRecord,
    StaleApplication,
)
from application_service.applications.states import FINAL, State
from application_service.catalog.model import Service
from application_service.catalog.repository import CatalogueRepository
from application_service.dossier.repository import DossierRepository, InMemoryDossiers
from application_service.uow import ApplicationUnitOfWork
from tests.fakes import FakeUnitOfWork


class InMemoryApplications:
    """Keeps the applications as the SQL one's rows would: a copy per write, written at flush."""

    def __init__(self) -> None:
        self.rows: dict[str, domain.Application] = {}
        self.keys: dict[tuple[str, str], KeyRecord] = {}
        self.loads: list[list[str]] = []  # the ids each `load` asked for (one statement each)
        self.flushes = 0
        self._pending: dict[str, domain.Application] = {}
        self._read: dict[str, domain.Application | None] = {}  # None: no such application

    async def load(self, application_ids: Collection[str]) -> None:
        wanted = sorted(set(application_ids) - self._read.keys())
        if wanted:
            self.loads.append(wanted)
        for application_id in wanted:
            stored = self.rows.get(application_id)
            self._read[application_id] = _copy(stored) if stored else None

    async def get(self, application_id: str, *, lock: bool = True) -> domain.Application | None:
        if application_id not in self._read:
            await self.load([application_id])
        return self._read.get(application_id)

    def add(self, app: domain.Application) -> None:
        self._pending[app.id] = app

    def changed(self, app: domain.Application) -> None:
        self._pending[app.id] = app

    async def flush(self) -> None:
        self.flushes += 1
        for app in self._pending.values():
            stored = self.rows.get(app.id)
            if stored is not None and stored.version != app.version:
                raise StaleApplication(app.id)
            if stored is not None:
                app.version += 1
            self.rows[app.id] = _copy(app)
        self._pending = {}
        self._read = {}  # a new unit of work reads again

    async def find(
        self,
        *,
        agency_id: str,
        state: str | None,
        service_id: str | None,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[domain.Application]:
        found = [
            a
            for a in self.rows.values()
            if a.agency_id == agency_id
            and (state is None or a.state.value == state)
            and (service_id is None or a.service_id == service_id)
        ]
        return sorted(found, key=lambda a: (a.submitted_at, a.id), reverse=True)[:limit]

    async def evaluating(self, *, limit: int) -> list[domain.Application]:
        waiting = [a for a in self.rows.values() if a.state is State.EVALUATING]
        return [_copy(a) for a in sorted(waiting, key=lambda a: a.submitted_at)[:limit]]

    async def mark_overdue(self, *, now: dt.datetime, limit: int) -> list[domain.Application]:
        marked: list[domain.Application] = []
        for app in list(self.rows.values()):
            overdue = not app.sla_breached and app.state not in FINAL and app.sla_due_at < now
            if overdue and len(marked) < limit:
                app.sla_breached, app.version = True, app.version + 1
                marked.append(_copy(app))
        return marked

    async def previews_due(self, *, now: dt.datetime, limit: int) -> list[domain.Application]:
        due = sorted(
            (a.preview.due_at, a.id)
            for a in self.rows.values()
            if a.state is State.AWAITING_APPLICANT and a.preview and a.preview.due_at <= now
        )
        taken = [_copy(self.rows[app_id]) for _, app_id in due[:limit]]
        for app in taken:
            self._read[app.id] = app
        return taken

    async def key_record(self, *, agency_id: str, key: str) -> KeyRecord | None:
        return self.keys.get((agency_id, key))

    async def claim_key(
        self, *, agency_id: str, key: str, request_hash: str, application_id: str
    ) -> None:
        self.keys[(agency_id, key)] = KeyRecord(application_id, request_hash)


class InMemoryCatalogue:
    def __init__(self, *services: Service) -> None:
        self.services = {service.id: service for service in services}
        self.loads: list[list[str]] = []

    async def load(self, service_ids: Collection[str]) -> None:
        self.loads.append(sorted(service_ids))

    async def get(self, service_id: str) -> Service | None:
        return self.services.get(service_id)


def _copy(app: domain.Application) -> domain.Application:
    import copy

    return copy.deepcopy(app)


class FakeApplicationUnitOfWork(FakeUnitOfWork, ApplicationUnitOfWork):
    def __init__(self, *services: Service) -> None:
        super().__init__()
        self.applications: ApplicationRepository = InMemoryApplications()
        self.catalogue: CatalogueRepository = InMemoryCatalogue(*services)
        self.dossiers: DossierRepository = InMemoryDossiers()

    @property
    def rows(self) -> InMemoryApplications:
        assert isinstance(self.applications, InMemoryApplications)
        return self.applications
