"""What one unit of work holds in memory between a batch's `prepare` and its `flush`.

A batch is folded: every application it touches is loaded at once, its handlers change the
loaded applications and sum the tally moves in memory, and the flush writes each table once.
These classes hold that state and decide what to write; the storage behind them (SQL in
`repository`, dicts in the unit tests' fakes) implements the `_fetch`/`_write` steps, each
handed its rows sorted by key (so two transactions lock them in one order).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compliance_service import deliveries
from compliance_service.domain import Application, Placement, Tally
from compliance_service.figures import AgencyInfo, ServiceInfo


class FactsRepository:
    """The applications of one unit of work, read in one go and written in one go."""

    def __init__(self) -> None:
        self._loaded: dict[str, Application] = {}
        self._stored: set[str] = set()  # loaded from the store (the rest are new)
        self._changed: set[str] = set()

    async def load(self, application_ids: Iterable[str]) -> None:
        """Read (and lock) the applications not loaded yet; the unknown ones start empty."""
        missing = sorted(set(application_ids) - self._loaded.keys())
        if not missing:
            return
        found = await self._fetch(missing)
        self._stored |= found.keys()
        for application_id in missing:
            self._loaded[application_id] = found.get(application_id) or Application(application_id)

    def get(self, application_id: str) -> Application:
        try:
            return self._loaded[application_id]
        except KeyError:
            raise LookupError(f"application {application_id} was not loaded") from None

    def put(self, application: Application) -> None:
        self._loaded[application.application_id] = application
        self._changed.add(application.application_id)

    async def flush(self) -> None:
        changed = [self._loaded[key] for key in sorted(self._changed)]
        if changed:
            new = [a for a in changed if a.application_id not in self._stored]
            existing = [a for a in changed if a.application_id in self._stored]
            await self._write(new=new, existing=existing)
            self._stored |= {a.application_id for a in new}
        self._changed = set()

    async def recount(self) -> dict[str, Tally]:
        """The tallies recounted from every application: they must equal the days' sums."""
        raise NotImplementedError

    async def _fetch(self, application_ids: Sequence[str]) -> dict[str, Application]:
        raise NotImplementedError

    async def _write(self, *, new: Sequence[Application], existing: Sequence[Application]) -> None:
        raise NotImplementedError


class DaysRepository:
    """Each service's tally per submission day; a batch's moves are summed, then added."""

    def __init__(self) -> None:
        self._moves: dict[Placement, Tally] = {}

    def add(self, placement: Placement, change: Tally) -> None:
        self._moves[placement] = self._moves.get(placement, Tally()) + change

    async def flush(self) -> None:
        moves = sorted((k, v) for k, v in self._moves.items() if v != Tally())
        self._moves = {}
        if moves:
            await self._write(moves)

    async def tallies(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> dict[str, Tally]:
        """Each service's tally over the submission days in [since, until]."""
        raise NotImplementedError

    async def _write(self, moves: Sequence[tuple[Placement, Tally]]) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Listing:
    """What the catalogue said about a service, as of its event's time."""

    info: ServiceInfo
    changed_at: dt.datetime


class CatalogueRepository:
    """The services as the catalogue last described them (an older event never wins)."""

    def __init__(self) -> None:
        self._listed: dict[str, Listing] = {}

    def describe(self, listing: Listing) -> None:
        known = self._listed.get(listing.info.service_id)
        if known is None or listing.changed_at >= known.changed_at:
            self._listed[listing.info.service_id] = listing

    async def flush(self) -> None:
        listings = [self._listed[key] for key in sorted(self._listed)]
        self._listed = {}
        if listings:
            await self._write(listings)

    async def services(self) -> list[ServiceInfo]:
        raise NotImplementedError

    async def _write(self, listings: Sequence[Listing]) -> None:
        """Upsert each listing unless the stored one is newer."""
        raise NotImplementedError


class AgenciesRepository:
    """Agencies' names (from the catalogue) and their earliest online inquiry (Dey target)."""

    def __init__(self) -> None:
        self._notes: dict[str, AgencyInfo] = {}

    def name(self, agency_id: str, name_fa: str | None, name_en: str | None) -> None:
        """Known names replace the stored ones; half a name changes nothing."""
        known = self._note(agency_id)
        if name_fa is not None and name_en is not None:
            self._notes[agency_id] = AgencyInfo(
                agency_id, name_fa, name_en, known.first_online_inquiry_at
            )

    def note_online_inquiry(self, agency_id: str, at: dt.datetime) -> None:
        known = self._note(agency_id)
        first = known.first_online_inquiry_at
        if first is None or at < first:
            self._notes[agency_id] = AgencyInfo(agency_id, known.name_fa, known.name_en, at)

    def _note(self, agency_id: str) -> AgencyInfo:
        return self._notes.setdefault(agency_id, AgencyInfo(agency_id, None, None, None))

    async def flush(self) -> None:
        notes = [self._notes[key] for key in sorted(self._notes)]
        self._notes = {}
        if notes:
            await self._write(notes)

    async def infos(self) -> list[AgencyInfo]:
        raise NotImplementedError

    async def _write(self, notes: Sequence[AgencyInfo]) -> None:
        """Merge each note: its names where it has them, the earlier first inquiry."""
        raise NotImplementedError


class DeliveriesRepository:
    """Notifications delivered per day, kind, label, outcome and latency bucket; a batch's
    facts are summed, then added."""

    def __init__(self) -> None:
        self._moves: dict[deliveries.Key, deliveries.Move] = {}

    def add(self, key: deliveries.Key, move: deliveries.Move) -> None:
        self._moves[key] = self._moves.get(key, deliveries.Move()) + move

    async def flush(self) -> None:
        moves = sorted(self._moves.items())
        self._moves = {}
        if moves:
            await self._write(moves)

    async def tallies(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[tuple[deliveries.Key, deliveries.Move]]:
        """The tallies of the days in [since, until]."""
        raise NotImplementedError

    async def _write(self, moves: Sequence[tuple[deliveries.Key, deliveries.Move]]) -> None:
        raise NotImplementedError
