"""Finding 5: an insider rewrites the audit chain undetected.

Black box through the gateway of the embedded default. Inquiries fill the chain; the
inquiry service anchors it with signed checkpoints; the checkpoints and the public keys are
fetched over HTTP, as anyone outside Panjereh would keep them. Then an insider tampers with
a copy of the inquiry database the way the red team did (recomputing every SHA-256 link, so
the chain alone still verifies) and the copy is checked with the offline command, using only
the published checkpoints and keys. Each attack is caught and the first entry that no
checkpoint vouches for any more is named.
"""

import asyncio
import hashlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.api_jws import PyJWS

from tests.security.conftest import COMPLETE_PERSON, OPS, PASSPORT, Window

pytestmark = pytest.mark.asyncio

ENTRIES = 22
EVERY = 5  # a checkpoint every 5 entries (and every second), so the test need not wait


@pytest.fixture(autouse=True)
def _frequent_checkpoints(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Runs before `window` builds the platform, whose settings come from the environment."""
    monkeypatch.setenv("PANJEREH_INQUIRY_AUDIT_CHECKPOINT_ENTRIES", str(EVERY))
    monkeypatch.setenv("PANJEREH_INQUIRY_AUDIT_CHECKPOINT_SECONDS", "1")
    monkeypatch.setenv("PANJEREH_INQUIRY_AUDIT_CHECKPOINT_POLL_SECONDS", "0.1")
    yield


async def _fill_the_chain(window: Window) -> None:
    """Found answers and, every third one, a refusal (no legal basis: not required).

    Every EVERY entries it waits for the chain to be anchored, so there is a checkpoint at
    least every EVERY entries however slowly a loaded machine runs the checkpointer (in
    stop 25's CI it fell behind: entries 3, 17 and 22 only), and the attacks below always
    land between two checkpoints.
    """
    headers = await window.auth(PASSPORT)
    for index in range(ENTRIES):
        if index and index % EVERY == 0:
            await _anchored(window, index)
        refused = index % 3 == 1
        response = await window.http.post(
            "/v1/inquiries",
            headers=headers,
            json={
                "evidence_type": "education-degree" if refused else "national-id-card",
                "national_code": COMPLETE_PERSON,
                "purpose": {"service_id": "passport-issuance"},
            },
        )
        assert response.status_code == (403 if refused else 200), response.text


async def _anchored(window: Window, entries: int) -> None:
    """Wait (60 s at most) until the chain holds `entries` and a checkpoint covers them all."""
    ops = await window.auth(OPS)
    verified: dict[str, Any] = {}
    for _ in range(600):
        verified = (await window.http.get("/v1/inquiries/audit/verify", headers=ops)).json()
        if verified["entries"] == entries and verified["first_uncovered_seq"] is None:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the chain was never anchored up to {entries}: {verified}")


async def _published(window: Window, tmp_path: Path) -> tuple[Path, Path, list[int]]:
    """Wait until the whole chain is anchored, then fetch checkpoints and keys, no token."""
    await _anchored(window, ENTRIES)
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = await window.http.get("/v1/inquiries/audit/checkpoints", params=params)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    keys = await window.http.get("/v1/inquiries/audit/keys")
    assert keys.status_code == 200 and keys.json()["keys"], keys.text
    assert all(item["kid"] in {k["kid"] for k in keys.json()["keys"]} for item in items)
    checkpoints_file, keys_file = tmp_path / "checkpoints.json", tmp_path / "jwks.json"
    checkpoints_file.write_text(json.dumps({"items": items}), encoding="utf-8")
    keys_file.write_text(keys.text, encoding="utf-8")
    return checkpoints_file, keys_file, [int(item["seq"]) for item in items]


def _copy(tmp_path: Path, name: str) -> Path:
    """A consistent copy of the live inquiry database (SQLite's backup API)."""
    copy = tmp_path / f"{name}.db"
    with (
        sqlite3.connect(tmp_path / "data" / "inquiry.db") as source,
        sqlite3.connect(copy) as target,
    ):
        source.backup(target)
    return copy


def _relink(db: sqlite3.Connection, *, from_seq: int) -> None:
    """What the insider does after an edit: recompute every link and hash from `from_seq` on."""
    db.row_factory = sqlite3.Row
    before = db.execute(
        "SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1", (from_seq,)
    ).fetchone()
    prev = before["hash"] if before else "0" * 64
    for row in db.execute("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq", (from_seq,)):
        body = {k: row[k] for k in row.keys() if k not in ("seq", "prev_hash", "hash")}  # noqa: SIM118 — a Row iterates values
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(prev.encode() + canonical.encode()).hexdigest()
        db.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
            (prev, digest, row["seq"]),
        )
        prev = digest
    db.commit()


def _verify(
    copy: Path, keys: Path | str, checkpoints: Path | str | None
) -> tuple[int, dict[str, Any]]:
    """The offline command anyone holding the public keys can run."""
    command = [
        sys.executable,
        "-m",
        "inquiry_service.cli",
        "audit",
        "verify",
        "--database-url",
        f"sqlite+aiosqlite:///{copy}",
        "--jwks",
        str(keys),
    ]
    if checkpoints is not None:
        command += ["--checkpoints", str(checkpoints)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def _first_after_last_checkpoint_before(seqs: list[int], seq: int) -> int:
    return max((s for s in seqs if s < seq), default=0) + 1


async def test_rewrite_delete_and_cut_on_a_copy_are_each_detected_by_the_published_checkpoints(
    window: Window, tmp_path: Path
) -> None:
    await _fill_the_chain(window)
    checkpoints, keys, seqs = await _published(window, tmp_path)
    assert seqs[-1] == ENTRIES and len(seqs) >= ENTRIES // EVERY

    untouched = _copy(tmp_path, "untouched")
    code, report = _verify(untouched, keys, checkpoints)
    assert (code, report["intact"], report["entries"]) == (0, True, ENTRIES), report
    assert (report["covered_seq"], report["first_uncovered_seq"]) == (ENTRIES, None)
    published = f"{window.url}/v1/inquiries/audit"  # or fetched by the command itself
    _, fetched = await asyncio.to_thread(
        _verify, untouched, f"{published}/keys", f"{published}/checkpoints"
    )
    assert (fetched["checkpoints_from"], fetched["covered_seq"]) == ("published", ENTRIES)

    _rewritten_refusal(tmp_path, keys, checkpoints, seqs)
    _deleted_in_the_middle(tmp_path, keys, checkpoints, seqs)
    _tail_cut(tmp_path, keys, checkpoints, seqs)


def _rewritten_refusal(tmp_path: Path, keys: Path, checkpoints: Path, seqs: list[int]) -> None:
    copy = _copy(tmp_path, "rewritten")
    with sqlite3.connect(copy) as db:
        (seq,) = db.execute(
            "SELECT seq FROM audit_log WHERE outcome = 'refused' AND seq > 8 ORDER BY seq"
        ).fetchone()
        db.execute("UPDATE audit_log SET outcome = 'found', reason = NULL WHERE seq = ?", (seq,))
        _relink(db, from_seq=seq)
        # The insider empties the checkpoints table too: they cannot sign new ones.
        db.execute("DELETE FROM audit_checkpoints")
        db.commit()
    _, own_copy = _verify(copy, keys, None)
    assert own_copy["intact"], "against the database's own (emptied) copy nothing shows"
    code, report = _verify(copy, keys, checkpoints)
    assert (code, report["intact"], report["detected"]) == (1, False, "rewritten"), report
    assert report["first_broken_seq"] is None, "every link holds: only the signatures tell"
    assert report["first_uncovered_seq"] == _first_after_last_checkpoint_before(seqs, seq)


def _deleted_in_the_middle(tmp_path: Path, keys: Path, checkpoints: Path, seqs: list[int]) -> None:
    copy = _copy(tmp_path, "deleted")
    deleted = ENTRIES // 2
    with sqlite3.connect(copy) as db:
        db.execute("DELETE FROM audit_log WHERE seq = ?", (deleted,))
        _relink(db, from_seq=deleted + 1)
    code, report = _verify(copy, keys, checkpoints)
    assert (code, report["intact"]) == (1, False), report
    assert report["detected"] in ("rewritten", "missing-entry"), report
    assert report["first_uncovered_seq"] == _first_after_last_checkpoint_before(seqs, deleted)


def _tail_cut(tmp_path: Path, keys: Path, checkpoints: Path, seqs: list[int]) -> None:
    copy = _copy(tmp_path, "cut")
    kept = ENTRIES - 5
    with sqlite3.connect(copy) as db:
        db.execute("DELETE FROM audit_log WHERE seq > ?", (kept,))
        db.execute("DELETE FROM audit_checkpoints WHERE seq > ?", (kept,))
        db.commit()
    code, report = _verify(copy, keys, checkpoints)
    assert (code, report["intact"], report["detected"]) == (1, False, "truncated"), report
    assert report["checkpoint_seq"] == min(s for s in seqs if s > kept), "beyond the cut end"
    assert report["first_uncovered_seq"] == _first_after_last_checkpoint_before(seqs, kept + 1)


async def test_checkpoints_an_insider_signs_with_another_key_are_rejected(
    window: Window, tmp_path: Path
) -> None:
    await _fill_the_chain(window)
    _, keys, _ = await _published(window, tmp_path)
    copy = _copy(tmp_path, "forged")
    with sqlite3.connect(copy) as db:
        db.execute("UPDATE audit_log SET outcome = 'found', reason = NULL WHERE seq = 2")
        _relink(db, from_seq=2)
        (head,) = db.execute("SELECT hash FROM audit_log WHERE seq = ?", (ENTRIES,)).fetchone()
    real_kid = json.loads(keys.read_text("utf-8"))["keys"][0]["kid"]
    body = json.dumps({"seq": ENTRIES, "head_hash": head, "at": "2026-12-01T09:00:00+00:00"})
    forged = PyJWS().encode(
        body.encode(),
        ec.generate_private_key(ec.SECP256R1()),
        algorithm="ES256",
        headers={"kid": real_kid},  # claims to be the real key
    )
    fake = tmp_path / "forged.json"
    fake.write_text(json.dumps([{"seq": ENTRIES, "head_hash": head, "jws": forged}]), "utf-8")
    code, report = _verify(copy, keys, fake)
    assert (code, report["detected"], report["checkpoints"]) == (1, "forged-checkpoint", 0)
    assert (report["rejected_checkpoints"], report["first_uncovered_seq"]) == (1, 1)
