"""SQL of dossiers: written once, in the decision's unit of work, then only read."""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from application_service.models import dossiers
from panjereh.db.engine import as_utc


@dataclass(frozen=True)
class Dossier:
    application_id: str
    kid: str
    jws: str
    signed_at: dt.datetime


class DossierRepository(Protocol):
    def add(self, dossier: Dossier) -> None:
        """A new dossier, written at flush (after its application's row)."""

    async def flush(self) -> None: ...

    async def get(self, application_id: str) -> Dossier | None: ...


class SqlDossiers:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._added: list[Dossier] = []

    def add(self, dossier: Dossier) -> None:
        self._added.append(dossier)

    async def flush(self) -> None:
        if not self._added:
            return
        rows, self._added = [asdict(d) for d in self._added], []
        await self._session.execute(dossiers.insert(), rows)

    async def get(self, application_id: str) -> Dossier | None:
        query = sa.select(dossiers).where(dossiers.c.application_id == application_id)
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        return Dossier(row.application_id, row.kid, row.jws, as_utc(row.signed_at))


class InMemoryDossiers:
    """The fakes' dossiers (no database): what was added, kept at flush."""

    def __init__(self) -> None:
        self.rows: dict[str, Dossier] = {}
        self._added: list[Dossier] = []

    def add(self, dossier: Dossier) -> None:
        self._added.append(dossier)

    async def flush(self) -> None:
        for added in self._added:
            if added.application_id in self.rows:  # the table's primary key
                raise ValueError(f"a second dossier for {added.application_id}")
            self.rows[added.application_id] = added
        self._added = []

    async def get(self, application_id: str) -> Dossier | None:
        return self.rows.get(application_id)
