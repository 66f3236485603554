"""What the growth bench asks for, drawn from the seeded databases themselves: agencies with
a cursor deep into their listing, people with an application, tracking codes that exist
nowhere."""

import random
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg
from sqlalchemy.engine import make_url

from bench.seed import world
from panjereh.web.pagination import encode_cursor

PEOPLE = 200
UNKNOWN_CODES = 500


@dataclass(frozen=True)
class Agency:
    agency_id: str
    applications: int
    deep_cursor: str  # the cursor of the page halfway down the agency's listing


@dataclass(frozen=True)
class Person:
    national_code: str
    tracking_code: str
    agency_id: str  # the agency of that application (it fetched the person's evidence)


@dataclass(frozen=True)
class Inputs:
    agencies: list[Agency]
    people: list[Person]
    unknown_codes: list[str]


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def draw(urls: Mapping[str, str], *, seed: int = 7) -> Inputs:
    connection = await asyncpg.connect(_dsn(urls["application"]))
    try:
        agencies = [await _agency(connection, a) for a, _, _ in world.agencies()]
        rows = await connection.fetch(
            "SELECT national_code, tracking_code, agency_id FROM applications "
            "ORDER BY md5(id || $1::text) LIMIT $2",
            str(seed),
            PEOPLE,
        )
        people = [Person(r["national_code"], r["tracking_code"], r["agency_id"]) for r in rows]
        unknown = await _unknown_codes(connection, random.Random(seed))  # noqa: S311 — not a secret
    finally:
        await connection.close()
    return Inputs([a for a in agencies if a.applications], people, unknown)


async def _agency(connection: asyncpg.Connection, agency_id: str) -> Agency:
    count = await connection.fetchval(
        "SELECT count(*) FROM applications WHERE agency_id = $1", agency_id
    )
    middle = await connection.fetchrow(
        "SELECT submitted_at, id FROM applications WHERE agency_id = $1 "
        "ORDER BY submitted_at DESC, id DESC OFFSET $2 LIMIT 1",
        agency_id,
        count // 2,
    )
    cursor = ""
    if middle is not None:
        cursor = encode_cursor({"at": middle["submitted_at"].isoformat(), "id": middle["id"]})
    return Agency(agency_id, count, cursor)


async def _unknown_codes(connection: asyncpg.Connection, rng: random.Random) -> list[str]:
    codes = world.Codes(rng)
    drawn = [codes.unused() for _ in range(UNKNOWN_CODES)]
    taken = await connection.fetch(
        "SELECT tracking_code FROM applications WHERE tracking_code = ANY($1)", drawn
    )
    known = {r["tracking_code"] for r in taken}
    return [code for code in drawn if code not in known]


async def table_sizes(urls: Mapping[str, str]) -> dict[str, str]:
    """Each service database's size on disk, as PostgreSQL reports it."""
    sizes = {}
    for service, url in urls.items():
        connection = await asyncpg.connect(_dsn(url))
        try:
            sizes[service] = await connection.fetchval(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            )
        finally:
            await connection.close()
    return sizes
