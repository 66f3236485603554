"""API models of the anchors: published checkpoints, the public keys, a verification."""

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from inquiry_service.anchoring import rules


class CheckpointOut(BaseModel):
    seq: int = Field(description="The chain entry whose hash this checkpoint anchors")
    head_hash: str = Field(description="That entry's hash (SHA-256, hex)")
    at: dt.datetime = Field(description="When it was signed")
    kid: str = Field(description="The signing key (RFC 7638 thumbprint; see /audit/keys)")
    jws: str = Field(description="Compact JWS (ES256) over {seq, head_hash, at}: what counts")


class Jwks(BaseModel):
    keys: list[dict[str, Any]] = Field(
        description="Public keys that signed checkpoints (the current one and retired ones)"
    )


class AuditVerification(BaseModel):
    entries: int = Field(description="Entries read, up to and including the first broken one")
    intact: bool
    first_broken_seq: int | None = Field(description="The first entry whose hash or link fails")
    checkpoints: int = Field(description="Signed checkpoints checked (valid signatures)")
    rejected_checkpoints: int = Field(description="Checkpoints whose signature did not hold")
    covered_seq: int | None = Field(description="The last entry a matching checkpoint vouches for")
    first_uncovered_seq: int | None = Field(
        description="The first seq no matching checkpoint vouches for: it and every entry "
        "after it are unproven (none: all covered)"
    )
    detected: rules.Finding | None = Field(
        description="What was found: broken-link, rewritten (chain recomputed), "
        "missing-entry (deleted and relinked), truncated (tail cut), forged-checkpoint"
    )
    checkpoint_seq: int | None = Field(description="The checkpoint the chain failed to reproduce")

    @classmethod
    def of(cls, report: rules.Report) -> "AuditVerification":
        return cls(
            entries=report.entries,
            intact=report.intact,
            first_broken_seq=report.first_broken_seq,
            checkpoints=report.checkpoints,
            rejected_checkpoints=report.rejected_checkpoints,
            covered_seq=report.covered_seq,
            first_uncovered_seq=report.first_uncovered_seq,
            detected=report.finding,
            checkpoint_seq=report.checkpoint_seq,
        )
