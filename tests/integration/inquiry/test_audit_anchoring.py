"""The anchored audit chain on SQLite and a real PostgreSQL: signed checkpoints, published
and announced, one signer at a time, and tampered copies caught against the published ones.

The copies are real database copies: a SQLite file copy, and `CREATE DATABASE … TEMPLATE`
on PostgreSQL, made once the service has let go of the original.
"""

import asyncio
import contextlib
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from inquiry_service import audit, cli, domain
from inquiry_service import state as inquiry_state
from inquiry_service.anchoring.signer import CheckpointSigner
from panjereh import events
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db.reader import Reader
from tests import databases
from tests.infra import POSTGRES_URL
from tests.integration.inquiry.conftest import (
    AGENCY_A,
    SERVICE_A,
    bearer,
    inquiry_settings,
    publish,
    running,
)

pytestmark = pytest.mark.asyncio
ENTRIES = 12
PEM = (
    ec.generate_private_key(ec.SECP256R1())
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode()
)


def _settings(database_url: str, simulator: httpx.AsyncClient, **overrides: Any) -> Any:
    values = {
        "audit_signing_key_pem": PEM,
        # The loop never signs by itself here: the test forces each checkpoint, so their
        # seqs are known (the security suite exercises the loop).
        "audit_checkpoint_entries": 1000,
        "audit_checkpoint_seconds": 3600,
    }
    return inquiry_settings(database_url, str(simulator.base_url), **(values | overrides))


async def _fill(client: httpx.AsyncClient, bus: InMemoryBus, *, sign_every: int = 0) -> None:
    await publish(bus, SERVICE_A)
    for index in range(ENTRIES):
        refused = index % 3 == 1  # driving-license: SERVICE_A has no basis for it
        evidence = "driving-license" if refused else "national-id-card"
        body = {
            "evidence_type": evidence,
            "national_code": "0018392741",
            "purpose": {"service_id": SERVICE_A.service_id},
        }
        response = await client.post("/v1/inquiries", json=body, headers=bearer(AGENCY_A))
        assert response.status_code == (403 if refused else 200), response.text
        if sign_every and (index + 1) % sign_every == 0:
            signer = inquiry_state.SLOT.of(client.service_app).checkpoint_signer  # type: ignore[attr-defined]
            assert await signer.sign_if_due(force=True) == index + 1


@contextlib.asynccontextmanager
async def _copy(database_url: str, tag: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a copy of the (idle) database, removed afterwards."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        target = f"{url.database}.{tag}.copy"
        shutil.copyfile(str(url.database), target)
        engine = db_engine.create_engine(url.set(database=target).render_as_string(False))
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    name = f"{url.database}_{tag}"[:63]
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'))
    engine = db_engine.create_engine(url.set(database=name).render_as_string(False))
    try:
        yield engine
    finally:
        await engine.dispose()
        await databases.drop(admin, name)
        await admin.dispose()


async def _relink(engine: AsyncEngine, *, from_seq: int) -> None:
    """The insider's recomputation of every link and hash from `from_seq` on."""
    async with engine.begin() as connection:
        prev = (
            await connection.execute(
                sa.text("SELECT hash FROM audit_log WHERE seq < :s ORDER BY seq DESC LIMIT 1"),
                {"s": from_seq},
            )
        ).scalar_one_or_none() or domain.GENESIS_HASH
        rows = await connection.execute(
            sa.text("SELECT * FROM audit_log WHERE seq >= :s ORDER BY seq"), {"s": from_seq}
        )
        for row in rows.mappings().all():
            body = {k: v for k, v in row.items() if k not in ("seq", "prev_hash", "hash")}
            digest = domain.chain_hash(prev, body)
            await connection.execute(
                sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": prev, "h": digest, "s": row["seq"]},
            )
            prev = digest


async def test_checkpoints_are_signed_published_announced_and_catch_each_attack_on_a_copy(
    database_url: str, simulator: httpx.AsyncClient
) -> None:
    bus = InMemoryBus()
    await bus.start()
    async with running(_settings(database_url, simulator), bus=bus) as client:
        await _fill(client, bus, sign_every=4)
        published = (await client.get("/v1/inquiries/audit/checkpoints")).json()["items"]
        jwks = (await client.get("/v1/inquiries/audit/keys")).json()
        engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
        async with engine.connect() as connection:
            types = (await connection.execute(sa.text("SELECT type FROM outbox"))).scalars()
            assert events.AuditCheckpointSigned.type in set(types), "announced via the outbox"
    await bus.stop()
    assert [c["seq"] for c in published] == [4, 8, 12]
    assert len(jwks["keys"]) == 1 and {c["kid"] for c in published} == {jwks["keys"][0]["kid"]}

    async with _copy(database_url, "intact") as copy:
        report = await audit.verify(Reader(copy), jwks=jwks, checkpoints=published)
        assert (report.intact, report.covered_seq, report.first_uncovered_seq) == (True, 12, None)

    async with _copy(database_url, "rewrite") as copy:  # refusal at seq 5 turned to found
        async with copy.begin() as connection:
            await connection.execute(
                sa.text("UPDATE audit_log SET outcome = 'found', reason = NULL WHERE seq = 5")
            )
            await connection.execute(sa.text("DELETE FROM audit_checkpoints"))
        await _relink(copy, from_seq=5)
        assert (await audit.verify(Reader(copy), jwks=jwks)).intact, "its own copy: nothing to see"
        report = await audit.verify(Reader(copy), jwks=jwks, checkpoints=published)
        assert (report.finding, report.first_broken_seq) == ("rewritten", None)
        assert (report.first_uncovered_seq, report.checkpoint_seq) == (5, 8)

    async with _copy(database_url, "delete") as copy:  # seq 6 deleted, the rest relinked
        async with copy.begin() as connection:
            await connection.execute(sa.text("DELETE FROM audit_log WHERE seq = 6"))
        await _relink(copy, from_seq=7)
        report = await audit.verify(Reader(copy), jwks=jwks, checkpoints=published)
        assert (report.finding, report.first_uncovered_seq) == ("rewritten", 5)

    async with _copy(database_url, "cut") as copy:  # the last 5 rows cut
        async with copy.begin() as connection:
            await connection.execute(sa.text("DELETE FROM audit_log WHERE seq > 7"))
            await connection.execute(sa.text("DELETE FROM audit_checkpoints WHERE seq > 7"))
        report = await audit.verify(Reader(copy), jwks=jwks, checkpoints=published)
        assert (report.finding, report.checkpoint_seq, report.first_uncovered_seq) == (
            "truncated",
            8,
            5,
        )


async def test_two_signers_at_once_sign_each_head_once(
    database_url: str, simulator: httpx.AsyncClient
) -> None:
    bus = InMemoryBus()
    await bus.start()
    settings = _settings(database_url, simulator, audit_checkpoint_entries=1000)
    async with running(settings, bus=bus) as client:
        await _fill(client, bus)
        app = client.service_app  # type: ignore[attr-defined]
        runtime, key = app.state.runtime, inquiry_state.SLOT.of(app).audit_signing_key
        replicas = [
            CheckpointSigner(
                uow=runtime.uow, key=key, every_entries=1, every_seconds=1, poll_seconds=1
            )
            for _ in range(4)
        ]
        signed = await asyncio.gather(
            *(replica.round() for replica in replicas), return_exceptions=True
        )
        assert not [s for s in signed if isinstance(s, BaseException)], signed
        items = (await client.get("/v1/inquiries/audit/checkpoints")).json()["items"]
        assert [c["seq"] for c in items] == [ENTRIES], "one checkpoint for the one head"
        again = await inquiry_state.SLOT.of(app).checkpoint_signer.sign_if_due(force=True)
        assert again is None, "the head is signed already: nothing new to sign"
    await bus.stop()


async def test_the_published_reads_are_public_and_refuse_forged_cursors(
    sqlite_url: str, simulator: httpx.AsyncClient
) -> None:
    async with running(_settings(sqlite_url, simulator)) as client:
        keys = await client.get("/v1/inquiries/audit/keys")
        assert keys.status_code == 200 and keys.json()["keys"][0]["alg"] == "ES256"
        empty = await client.get("/v1/inquiries/audit/checkpoints")
        assert empty.json() == {"items": [], "next_cursor": None}
        for cursor in ["eyJzZXEiOiJ4In0", "!!", "eyJzZXEiOi0xfQ", uuid.uuid4().hex]:
            forged = await client.get("/v1/inquiries/audit/checkpoints", params={"cursor": cursor})
            assert forged.status_code == 422, (cursor, forged.text)
        for limit in ["0", "501", "x"]:
            bad = await client.get("/v1/inquiries/audit/checkpoints", params={"limit": limit})
            assert bad.status_code == 422
        verify = await client.get("/v1/inquiries/audit/verify")
        assert verify.status_code == 401, "verification itself is for operators"


async def test_the_offline_command_reads_what_was_published_and_refuses_what_it_cannot_read(
    sqlite_url: str, simulator: httpx.AsyncClient, tmp_path: Path
) -> None:
    bus = InMemoryBus()
    await bus.start()
    async with running(_settings(sqlite_url, simulator), bus=bus) as client:
        await _fill(client, bus, sign_every=4)
        page = (await client.get("/v1/inquiries/audit/checkpoints")).json()
        jwks = (await client.get("/v1/inquiries/audit/keys")).text
    await bus.stop()
    keys = tmp_path / "jwks.json"
    keys.write_text(jwks, "utf-8")
    forms = {
        "page.json": json.dumps(page),
        "list.json": json.dumps(page["items"]),
        "pages.jsonl": "\n".join(json.dumps({"items": [i]}) for i in page["items"]),
    }
    for name, text in forms.items():
        (tmp_path / name).write_text(text, "utf-8")
        args = ["verify", "--database-url", sqlite_url, "--jwks", str(keys)]
        assert await cli.audit_command([*args, "--checkpoints", str(tmp_path / name)]) == 0, name

    (tmp_path / "not-json").write_text("{{{", "utf-8")
    (tmp_path / "number.json").write_text("7", "utf-8")
    (tmp_path / "list-jwks.json").write_text("[]", "utf-8")
    bad = [
        ["--database-url", sqlite_url, "--jwks", str(tmp_path / "missing.json")],
        ["--database-url", sqlite_url, "--jwks", str(tmp_path / "list-jwks.json")],
        [
            "--database-url",
            sqlite_url,
            "--jwks",
            str(keys),
            "--checkpoints",
            str(tmp_path / "not-json"),
        ],
        [
            "--database-url",
            sqlite_url,
            "--jwks",
            str(keys),
            "--checkpoints",
            str(tmp_path / "number.json"),
        ],
        ["--database-url", f"sqlite+aiosqlite:///{tmp_path}/empty.db", "--jwks", str(keys)],
        ["--database-url", "nosuchdialect://x", "--jwks", str(keys)],
    ]
    for args in bad:
        assert await cli.audit_command(["verify", *args]) == 2, args
