"""Dropping a test database for sure: the suite leaves none on the shared server.

DROP DATABASE … WITH (FORCE) ends the other sessions on it, but a role that is not a
superuser may not end an autovacuum worker's (busy right after a test wrote much, or after
CREATE DATABASE … TEMPLATE): the drop then fails with "being accessed by other users". That
worker finishes by itself within moments, so the drop is tried again; a single attempt whose
error was swallowed had left databases behind on a reused server."""

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine


async def drop(admin: AsyncEngine, name: str, *, tries: int = 10) -> None:
    """Drop `name` through `admin` (an AUTOCOMMIT engine), retrying while it is in use."""
    for attempt in range(tries):
        try:
            async with admin.connect() as connection:
                await connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except (sa.exc.ProgrammingError, sa.exc.OperationalError):
            if attempt == tries - 1:
                raise
            await asyncio.sleep(1)
