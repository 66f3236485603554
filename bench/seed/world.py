"""The seeded world, pure and deterministic: ~20 agencies, ~50 services, people with valid
national codes, and applications spread over a year, each with three inquiries.

Nothing here touches a database: `rows.py` turns each case into the rows of every service.
"""

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from inquiry_service.evidence import catalog
from panjereh import identity, tracking

AGENCIES = 20
SERVICES = 50
EVIDENCE_PER_APPLICATION = 3  # every service requires three types: 3 inquiries each
YEAR = dt.timedelta(days=365)
# Terminal states mostly (a year of traffic is mostly decided); open ones only in the last
# days, so that no SLA sweep or rule worker of a started service acts on seeded rows.
DECIDED = (("approved", 70), ("rejected", 12), ("needs_review", 8), ("cancelled", 5), ("failed", 5))
OPEN = (("collecting_evidence", 1), ("submitted", 1))
OPEN_WITHIN = dt.timedelta(days=2)


@dataclass(frozen=True)
class Service:
    service_id: str
    agency_id: str
    name_fa: str
    name_en: str
    evidence_types: tuple[str, ...]
    sla_hours: int


@dataclass(frozen=True)
class Inquiry:
    inquiry_id: str
    event_id: str
    evidence_type: str
    registry: str
    outcome: str  # found | not_found | unavailable
    at: dt.datetime
    latency_ms: int


@dataclass(frozen=True)
class Case:
    """One application and everything that happened to it."""

    application_id: str
    tracking_code: str
    service: Service
    national_code: str
    mobile: str
    state: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    inquiries: tuple[Inquiry, ...]

    @property
    def agency_id(self) -> str:
        return self.service.agency_id

    @property
    def sla_due_at(self) -> dt.datetime:
        return self.submitted_at + dt.timedelta(hours=self.service.sla_hours)


def agencies() -> list[tuple[str, str, str]]:
    """(id, name_fa, name_en) of every seeded agency."""
    return [(f"agency-{n:02d}", f"دستگاه {n:02d}", f"Agency {n:02d}") for n in range(AGENCIES)]


def services(rng: random.Random) -> list[Service]:
    """Fifty services over the twenty agencies, each needing three evidence types."""
    kinds = sorted(catalog.EVIDENCE_TYPES)
    return [
        Service(
            service_id=f"service-{n:02d}",
            agency_id=f"agency-{n % AGENCIES:02d}",
            name_fa=f"خدمت {n:02d}",
            name_en=f"Service {n:02d}",
            evidence_types=tuple(sorted(rng.sample(kinds, EVIDENCE_PER_APPLICATION))),
            sla_hours=rng.choice((24, 48, 72, 168)),
        )
        for n in range(SERVICES)
    ]


def national_code(rng: random.Random) -> str:
    """A random national code whose check digit holds."""
    while True:
        first = f"{rng.randrange(10**9):09d}"
        code = first + str(identity.national_code_check_digit(first))
        if identity.is_valid_national_code(code):
            return code


class Codes:
    """Unique tracking codes (12 random digits and the Luhn digit, as the service makes)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def new(self) -> str:
        while True:
            payload = f"{self._rng.randrange(10**tracking.RANDOM_DIGITS):012d}"
            if payload not in self._seen:
                self._seen.add(payload)
                return payload + str(tracking.luhn_check_digit(payload))

    def unused(self) -> str:
        """A well-formed code that names no seeded application (the lookup's miss path)."""
        code = self.new()
        self._seen.discard(code[:-1])
        return code


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    names = [name for name, _ in weighted]
    return rng.choices(names, [weight for _, weight in weighted])[0]


class World:
    """Draws cases in submission order (the audit chain is appended in time order)."""

    def __init__(self, *, applications: int, seed: int = 19, now: dt.datetime | None = None):
        self.rng = random.Random(seed)  # noqa: S311 — reproducible synthetic data
        self.now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.applications = applications
        self.services = services(self.rng)
        self.codes = Codes(self.rng)
        # About two applications per person, so a person's history holds several entries.
        self.people = [national_code(self.rng) for _ in range(max(1, applications // 2))]
        # Skewed like real traffic: a few services carry most applications.
        self._weights = [1 / (n + 1) for n in range(SERVICES)]

    def cases(self) -> Iterator[Case]:
        start = self.now - YEAR
        offsets = sorted(self.rng.random() for _ in range(self.applications))
        for offset in offsets:
            yield self._case(start + offset * (YEAR - dt.timedelta(minutes=10)))

    def _case(self, submitted_at: dt.datetime) -> Case:
        rng = self.rng
        service = rng.choices(self.services, self._weights)[0]
        recent = self.now - submitted_at < OPEN_WITHIN
        state = _pick(rng, OPEN if recent and rng.random() < 0.5 else DECIDED)
        inquiries = tuple(
            self._inquiry(
                kind, submitted_at + dt.timedelta(seconds=1 + n), failed=state == "failed"
            )
            for n, kind in enumerate(service.evidence_types)
        )
        decided_at = None
        if state in ("approved", "rejected", "needs_review", "cancelled", "failed"):
            decided_at = submitted_at + dt.timedelta(seconds=5 + rng.random() * 60)
        return Case(
            application_id=_uuid(rng),
            tracking_code=self.codes.new(),
            service=service,
            national_code=rng.choice(self.people),
            mobile=f"091{rng.randrange(10**8):08d}",
            state=state,
            submitted_at=submitted_at,
            decided_at=decided_at,
            inquiries=inquiries,
        )

    def _inquiry(self, kind: str, at: dt.datetime, *, failed: bool) -> Inquiry:
        rng = self.rng
        roll = rng.random()
        outcome = "unavailable" if failed else "not_found" if roll < 0.03 else "found"
        return Inquiry(
            inquiry_id=_uuid(rng),
            event_id=f"{rng.getrandbits(128):032x}",
            evidence_type=kind,
            registry=catalog.get(kind).registry,
            outcome=outcome,
            at=at + dt.timedelta(microseconds=rng.randrange(10**6)),
            latency_ms=rng.randrange(5, 400),
        )
