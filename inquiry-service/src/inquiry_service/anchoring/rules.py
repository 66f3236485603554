"""Pure rules of the anchors: when to sign, what a checkpoint says, how the chain is checked.

The chain from genesis must reproduce every signed checkpoint's head_hash at its seq, and no
checkpoint may lie beyond the chain's end. What the check cannot vouch for it names: the
first entry not covered by a valid checkpoint that matched (everything up to the last match
is as it was when signed; from there on, nothing is proven).
"""

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from inquiry_service import domain


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint whose signature held: entry `seq` of the chain had hash `head_hash`."""

    seq: int
    head_hash: str
    at: dt.datetime
    kid: str


def payload(*, seq: int, head_hash: str, at: dt.datetime) -> dict[str, object]:
    """What is signed: exactly {seq, head_hash, at}."""
    return {"seq": seq, "head_hash": head_hash, "at": at.isoformat(timespec="microseconds")}


def checkpoint_due(
    *,
    head_seq: int,
    last_seq: int | None,
    since: dt.datetime,
    now: dt.datetime,
    every_entries: int,
    every_seconds: float,
) -> bool:
    """Sign the head now? Once N entries went unanchored, or when it moved and `every_seconds`
    passed `since` (the last checkpoint, or the signer's start when there is none)."""
    anchored = last_seq or 0
    if head_seq <= anchored:
        return False  # nothing new (or the head is already signed)
    if head_seq - anchored >= every_entries:
        return True
    return (now - since).total_seconds() >= every_seconds


class Finding(StrEnum):
    BROKEN_LINK = "broken-link"  # an entry's hash or link does not hold
    REWRITTEN = "rewritten"  # links hold but differ from a signed head: chain recomputed
    MISSING_ENTRY = "missing-entry"  # a signed seq has no entry: deleted (and relinked)
    TRUNCATED = "truncated"  # a checkpoint lies beyond the chain's end: tail cut
    FORGED_CHECKPOINT = "forged-checkpoint"  # a checkpoint whose signature does not hold


@dataclass(frozen=True)
class Report:
    entries: int  # entries read (up to and including the first broken one)
    first_broken_seq: int | None
    checkpoints: int  # checkpoints with a valid signature that were checked
    rejected_checkpoints: int  # checkpoints whose signature or key did not hold
    covered_seq: int | None  # the last entry vouched for by a matching checkpoint
    first_uncovered_seq: int | None  # from this seq on, no matching checkpoint vouches
    finding: Finding | None
    checkpoint_seq: int | None  # the checkpoint that did not match, if one did not

    @property
    def intact(self) -> bool:
        return self.finding is None


class ChainCheck:
    """Feed the chain's entries in seq order, then read the report (streams any length)."""

    def __init__(self, checkpoints: Iterable[Checkpoint], *, rejected: int = 0) -> None:
        ordered = sorted(checkpoints, key=lambda c: c.seq)
        self._pending = deque(ordered)
        self._checked = len(ordered)
        self._rejected = rejected
        self._expected_prev = domain.GENESIS_HASH
        self._entries = 0
        self._covered = 0
        self._past_cover = False  # an entry was read after the last matching checkpoint
        self._finding: Finding | None = None
        self._broken: int | None = None
        self._mismatch: Checkpoint | None = None

    def feed(self, entry: domain.ChainedEntry) -> bool:
        """Check one entry; False once a finding makes reading further pointless."""
        if self._finding is not None:
            return False
        if self._pending and self._pending[0].seq < entry.seq:
            return self._found(Finding.MISSING_ENTRY, self._pending[0])
        self._entries += 1
        self._past_cover = True
        if (
            entry.prev_hash != self._expected_prev
            or domain.chain_hash(entry.prev_hash, entry.body) != entry.hash
        ):
            self._broken = entry.seq
            return self._found(Finding.BROKEN_LINK, None)
        if self._pending and self._pending[0].seq == entry.seq:
            checkpoint = self._pending.popleft()
            if checkpoint.head_hash != entry.hash:
                return self._found(Finding.REWRITTEN, checkpoint)
            self._covered, self._past_cover = entry.seq, False
        self._expected_prev = entry.hash
        return True

    def report(self) -> Report:
        finding, mismatch = self._finding, self._mismatch
        if finding is None and self._pending:
            finding, mismatch = Finding.TRUNCATED, self._pending[0]
        if finding is None and self._rejected:
            finding = Finding.FORGED_CHECKPOINT
        # Everything from the seq after the last match on is unproven, whether that entry is
        # there, was deleted, or was cut with the tail.
        unproven = finding is not None or self._past_cover
        uncovered = self._covered + 1 if unproven else None
        return Report(
            entries=self._entries,
            first_broken_seq=self._broken,
            checkpoints=self._checked,
            rejected_checkpoints=self._rejected,
            covered_seq=self._covered or None,
            first_uncovered_seq=uncovered,
            finding=finding,
            checkpoint_seq=mismatch.seq if mismatch else None,
        )

    def _found(self, finding: Finding, checkpoint: Checkpoint | None) -> bool:
        self._finding, self._mismatch = finding, checkpoint
        return False
