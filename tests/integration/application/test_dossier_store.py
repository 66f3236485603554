"""Dossiers stored with their decisions, on SQLite and on a real PostgreSQL: a batch of
applications decided together gets one dossier each, in the decisions' own transaction,
each verifying under the keys the service publishes."""

import asyncio
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from application_service.models import dossiers
from panjereh import dossier
from tests.integration.application.conftest import Platform, submission
from tests.support import bearer

pytestmark = pytest.mark.asyncio
PASSPORT = bearer("passport-police", "applications:write", "applications:read")


async def _submitted(window: Platform) -> str:
    response = await window.applications.post(
        "/v1/applications",
        json=submission("passport-issuance", "complete"),
        headers={**PASSPORT, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 202, response.text
    application_id: str = response.json()["id"]
    return application_id


async def test_each_decision_in_a_batch_is_stored_with_its_own_dossier(
    window: Platform, database_url: str
) -> None:
    ids = await asyncio.gather(*(_submitted(window) for _ in range(6)))
    decided = await asyncio.gather(*(window.decided(i, PASSPORT, within=120) for i in ids))
    assert {d["state"] for d in decided} == {"approved"}
    jwks = (await window.applications.get("/.well-known/dossier-jwks.json")).json()
    for application_id in ids:
        answer = await window.applications.get(
            f"/v1/applications/{application_id}/dossier", headers=PASSPORT
        )
        assert answer.status_code == 200, answer.text
        _, claims = dossier.verify(answer.json()["dossier"], jwks)
        assert claims["application_id"] == application_id
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.select(dossiers.c.application_id).where(dossiers.c.application_id.in_(ids))
                )
            ).all()
    finally:
        await engine.dispose()
    assert sorted(row.application_id for row in rows) == sorted(ids)
