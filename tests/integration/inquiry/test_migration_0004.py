"""Migration 0004 minimises the inquiries stored whole before it (issue #14, finding 7), on
SQLite and PostgreSQL, and downgrades."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from inquiry_service.main import MIGRATIONS
from inquiry_service.sandbox import personas
from panjereh.db import migrations

pytestmark = pytest.mark.asyncio
COMPLETE = next(p for p in personas.PERSONAS if "complete" in p.traits).national_code
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


async def test_migration_0004_minimises_inquiries_stored_whole(database_url: str) -> None:
    engine = create_async_engine(database_url)
    whole = {
        "national_code": COMPLETE,
        "status": "exempt",
        "card_number": "MC-1",
        "issued_on": None,
        "exemption_reason_fa": "پزشکی",
    }
    try:
        await migrations.upgrade(engine, MIGRATIONS, "0003")
        async with engine.begin() as connection:
            for inquiry_id, data in [("i-1", whole), ("i-2", None)]:
                await connection.execute(
                    sa.text(
                        "INSERT INTO inquiries (id, agency_id, evidence_type, subject, service_id,"
                        " status, data, registry, retrieved_at, cached) VALUES (:id, 'a',"
                        " 'military-service-card', 's', 'svc', 'found', :data, 'military',"
                        " :at, false)"
                    ),
                    {"id": inquiry_id, "data": json.dumps(data), "at": NOW},
                )
        await migrations.upgrade(engine, MIGRATIONS)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(sa.text("SELECT id, data FROM inquiries ORDER BY id"))
            ).all()
        kept = [row.data if not isinstance(row.data, str) else json.loads(row.data) for row in rows]
        assert kept == [{"national_code": COMPLETE, "status": "exempt", "issued_on": None}, None]
        await migrations.upgrade(engine, MIGRATIONS, "0003", downgrade=True)
    finally:
        await engine.dispose()
