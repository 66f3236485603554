"""The audit chain's anchors, pure: signing, verifying checkpoints, checking the chain."""

import dataclasses
import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import ValidationError

from inquiry_service import domain
from inquiry_service.anchoring import keys, rules
from inquiry_service.settings import InquirySettings

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _key(tmp_path: Path, **settings: Any) -> keys.SigningKey:
    return keys.load(
        InquirySettings(database_url=f"sqlite+aiosqlite:///{tmp_path}/inquiry.db", **settings)
    )


def _chain(length: int) -> list[domain.ChainedEntry]:
    entries, prev = [], domain.GENESIS_HASH
    for seq in range(1, length + 1):
        body = {"seq_note": seq, "outcome": "refused" if seq % 3 == 0 else "found"}
        entry = domain.ChainedEntry(seq, prev, domain.chain_hash(prev, body), body)
        entries.append(entry)
        prev = entry.hash
    return entries


def _relinked(entries: list[domain.ChainedEntry]) -> list[domain.ChainedEntry]:
    """What an insider does: recompute every link and hash after a change."""
    out, prev = [], domain.GENESIS_HASH
    for entry in entries:
        out.append(
            dataclasses.replace(entry, prev_hash=prev, hash=domain.chain_hash(prev, entry.body))
        )
        prev = out[-1].hash
    return out


def _published(
    key: keys.SigningKey, entries: list[domain.ChainedEntry], every: int
) -> list[dict[str, Any]]:
    items = []
    for entry in entries[every - 1 :: every]:
        jws = key.sign(rules.payload(seq=entry.seq, head_hash=entry.hash, at=NOW))
        items.append({"seq": entry.seq, "head_hash": entry.hash, "kid": key.kid, "jws": jws})
    return items


def _check(
    entries: list[domain.ChainedEntry], published: list[dict[str, Any]], jwks: dict[str, Any]
) -> rules.Report:
    valid, rejected = keys.verify_checkpoints(published, jwks)
    check = rules.ChainCheck(valid, rejected=rejected)
    for entry in entries:
        if not check.feed(entry):
            break
    return check.report()


def test_an_untouched_chain_is_intact_and_names_what_is_not_yet_anchored(tmp_path: Path) -> None:
    key, chain = _key(tmp_path), _chain(23)
    report = _check(chain, _published(key, chain, 5), key.jwks)
    assert report.intact and report.checkpoints == 4
    assert (report.covered_seq, report.first_uncovered_seq) == (20, 21)


def test_a_refusal_rewritten_to_found_and_recomputed_is_caught(tmp_path: Path) -> None:
    key, chain = _key(tmp_path), _chain(20)
    published = _published(key, chain, 5)
    tampered = list(chain)
    tampered[11] = dataclasses.replace(chain[11], body={**chain[11].body, "outcome": "found"})
    report = _check(_relinked(tampered), published, key.jwks)
    assert (report.intact, report.finding, report.first_broken_seq) == (
        False,
        rules.Finding.REWRITTEN,
        None,
    ), "the links hold: only the signed heads can tell"
    assert (report.first_uncovered_seq, report.checkpoint_seq) == (11, 15)


def test_a_row_deleted_in_the_middle_and_relinked_is_caught(tmp_path: Path) -> None:
    key, chain = _key(tmp_path), _chain(20)
    published = _published(key, chain, 5)
    gone = _relinked(chain[:7] + chain[8:])  # seq 8 deleted, the rest relinked, seqs kept
    report = _check(gone, published, key.jwks)
    assert (report.finding, report.first_uncovered_seq) == (rules.Finding.REWRITTEN, 6)
    renumbered = [dataclasses.replace(e, seq=i + 1) for i, e in enumerate(gone)]
    report = _check(_relinked(renumbered), published, key.jwks)
    assert (report.finding, report.first_uncovered_seq) == (rules.Finding.REWRITTEN, 6)
    right_after = _relinked(chain[:5] + chain[6:])  # seq 6, right after a signed head
    report = _check(right_after, published, key.jwks)
    assert (report.finding, report.first_uncovered_seq) == (rules.Finding.REWRITTEN, 6)
    at_a_checkpoint = _relinked(chain[:9] + chain[10:])  # seq 10, a signed head, deleted
    report = _check(at_a_checkpoint, published, key.jwks)
    assert (report.finding, report.first_uncovered_seq) == (rules.Finding.MISSING_ENTRY, 6)


def test_a_cut_tail_is_caught(tmp_path: Path) -> None:
    key, chain = _key(tmp_path), _chain(20)
    report = _check(chain[:15], _published(key, chain, 5), key.jwks)
    assert (report.finding, report.checkpoint_seq, report.first_uncovered_seq) == (
        rules.Finding.TRUNCATED,
        20,
        16,
    )
    report = _check(chain[:13], _published(key, chain, 5), key.jwks)
    assert (report.finding, report.first_uncovered_seq) == (rules.Finding.TRUNCATED, 11)


def test_an_edited_entry_without_recomputing_is_a_broken_link(tmp_path: Path) -> None:
    key, chain = _key(tmp_path), _chain(10)
    tampered = list(chain)
    tampered[8] = dataclasses.replace(chain[8], body={**chain[8].body, "outcome": "found"})
    report = _check(tampered, _published(key, chain, 5), key.jwks)
    assert (report.finding, report.first_broken_seq, report.first_uncovered_seq) == (
        rules.Finding.BROKEN_LINK,
        9,
        6,
    )


def test_checkpoints_signed_by_another_key_are_rejected_not_trusted(tmp_path: Path) -> None:
    key, chain = _key(tmp_path / "real"), _chain(10)
    insider = _key(tmp_path / "insider")
    forged = _relinked(
        [*chain[:4], dataclasses.replace(chain[4], body={"outcome": "found"}), *chain[5:]]
    )
    report = _check(forged, _published(insider, forged, 5), key.jwks)
    assert (report.checkpoints, report.rejected_checkpoints) == (0, 2)
    assert report.finding is rules.Finding.FORGED_CHECKPOINT and not report.intact
    assert report.first_uncovered_seq == 1, "nothing is vouched for"


def test_only_the_signed_payload_counts(tmp_path: Path) -> None:
    key, chain = _key(tmp_path), _chain(10)
    published = _published(key, chain, 5)
    published[0] = {**published[0], "head_hash": "0" * 64}  # the outer field disagrees
    valid, rejected = keys.verify_checkpoints(published, key.jwks)
    assert ([c.seq for c in valid], rejected) == ([10], 1)
    garbage = [{"jws": "not.a.jws"}, {"jws": 7}, {}, {"jws": "a.b"}]
    assert keys.verify_checkpoints(garbage, key.jwks) == ([], 4)
    assert keys.verify_checkpoints(published, {"keys": [{"kty": "EC"}, "x"]}) == ([], 2)


def test_two_different_heads_signed_for_one_seq_are_a_finding(tmp_path: Path) -> None:
    key = _key(tmp_path)
    one = key.sign(rules.payload(seq=5, head_hash="a" * 64, at=NOW))
    two = key.sign(rules.payload(seq=5, head_hash="b" * 64, at=NOW))
    valid, rejected = keys.verify_checkpoints([{"jws": one}, {"jws": two}, {"jws": one}], key.jwks)
    assert (len(valid), rejected) == (1, 1)


def test_the_dev_key_is_a_private_file_beside_the_database_and_kept(tmp_path: Path) -> None:
    first = _key(tmp_path)
    key_file = tmp_path / "inquiry.audit-keys" / "signing-key.pem"
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _key(tmp_path).kid == first.kid, "the same key on the next start"
    key_file.unlink()  # a lost dev key: a new one, and the old one's public half still published
    second = _key(tmp_path)
    assert second.kid != first.kid
    assert {k["kid"] for k in second.jwks["keys"]} == {first.kid, second.kid}


def test_a_configured_key_and_retired_keys(tmp_path: Path) -> None:
    old, new = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    retired = tmp_path / "retired.jwks.json"
    retired.write_text(json.dumps({"keys": [keys.public_jwk(old.public_key())]}))
    key = _key(tmp_path, audit_signing_key_pem=_pem(new), audit_retired_keys_file=str(retired))
    assert key.kid == keys.thumbprint(new.public_key())
    assert len(key.jwks["keys"]) == 2
    assert not (tmp_path / "inquiry.audit-keys").exists(), "a configured key makes no file"
    signed_before = keys.SigningKey(old, keys.thumbprint(old.public_key()), {"keys": []})
    jws = signed_before.sign(rules.payload(seq=1, head_hash="c" * 64, at=NOW))
    assert len(keys.verify_checkpoints([{"jws": jws}], key.jwks)[0]) == 1


def test_a_key_that_is_not_p256_is_refused(tmp_path: Path) -> None:
    with pytest.raises(keys.SigningKeyError, match="retired"):
        _key(tmp_path, audit_retired_keys_file=str(tmp_path / "gone.json"))
    with pytest.raises(keys.SigningKeyError):
        _key(tmp_path, audit_signing_key_pem=_pem(ec.generate_private_key(ec.SECP384R1())))
    with pytest.raises(keys.SigningKeyError):
        _key(tmp_path, audit_signing_key_pem="-----BEGIN PRIVATE KEY-----\nxx\n")


def test_production_refuses_to_start_without_a_signing_key() -> None:
    with pytest.raises(ValidationError, match="audit_signing_key"):
        InquirySettings(
            profile="production",
            database_url="postgresql+asyncpg://u:p@db/inquiry",
            audit_subject_key="a-real-subject-key-0f3c",
            exchange_api_key="a-real-exchange-key-9a1b",
        )


@pytest.mark.parametrize(
    ("head", "last", "since", "due"),
    [
        (0, None, NOW, False),  # nothing to sign
        (3, None, NOW, False),  # a few entries, the signer just started
        (3, None, NOW - dt.timedelta(seconds=61), True),  # ... a minute ago
        (7, 5, NOW, False),  # 2 new, under N, just signed
        (15, 5, NOW, True),  # N new
        (6, 5, NOW - dt.timedelta(seconds=61), True),  # a minute passed
        (5, 5, NOW - dt.timedelta(hours=1), False),  # nothing new since
    ],
)
def test_when_a_checkpoint_is_due(
    head: int, last: int | None, since: dt.datetime, due: bool
) -> None:
    assert (
        rules.checkpoint_due(
            head_seq=head, last_seq=last, since=since, now=NOW, every_entries=10, every_seconds=60
        )
        is due
    )
