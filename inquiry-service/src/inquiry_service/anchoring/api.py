"""Routes of the anchors: the published checkpoints and keys (public), and verification."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from inquiry_service import audit
from inquiry_service.anchoring import keys, repository
from inquiry_service.anchoring.schemas import AuditVerification, CheckpointOut, Jwks
from inquiry_service.state import StateDep
from panjereh import auth
from panjereh.db import engine as db_engine
from panjereh.web.deps import RuntimeDep
from panjereh.web.pagination import Cursor, Limit, Page, SeqPosition, decode_cursor, encode_cursor

router = APIRouter(tags=["inquiries"])
Operator = Annotated[auth.Principal, Depends(auth.require("compliance:read"))]


async def _signing_key(state: StateDep) -> keys.SigningKey:
    return state.audit_signing_key


SigningKeyDep = Annotated[keys.SigningKey, Depends(_signing_key)]


@router.get(
    "/v1/inquiries/audit/checkpoints",
    summary="The audit chain's signed checkpoints (public; oldest first)",
)
async def checkpoints(
    runtime: RuntimeDep, response: Response, limit: Limit = 50, cursor: Cursor = None
) -> Page[CheckpointOut]:
    """Public: no token needed. Each checkpoint signs the chain's head (`seq`, `head_hash`) as
    a compact JWS under the key `kid` of `/v1/inquiries/audit/keys`; one is made at least
    every minute. Keep them outside Panjereh: with the keys, they prove what the chain held.
    Pages by `limit` and `cursor`, oldest first."""
    position = decode_cursor(cursor, SeqPosition)
    async with runtime.reader.connection() as connection:
        rows = await repository.checkpoints(
            connection, after_seq=position.seq if position else 0, limit=limit
        )
    items = [
        CheckpointOut(
            seq=r.seq, head_hash=r.head_hash, at=db_engine.as_utc(r.at), kid=r.kid, jws=r.jws
        )
        for r in rows
    ]
    response.headers["Cache-Control"] = "no-cache"
    next_cursor = encode_cursor({"seq": rows[-1].seq}) if len(rows) == limit else None
    return Page(items=items, next_cursor=next_cursor)


@router.get(
    "/v1/inquiries/audit/keys",
    summary="The public keys that sign the audit chain's checkpoints (a JWKS; public)",
)
async def signing_keys(key: SigningKeyDep, response: Response) -> Jwks:
    """Public: no token needed; cacheable for five minutes. The ES256 public keys (by `kid`)
    whose signatures the checkpoints of `GET /v1/inquiries/audit/checkpoints` carry: keep a
    copy with the checkpoints to verify them offline (docs/api.md §5)."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return Jwks(keys=key.jwks["keys"])


@router.get(
    "/v1/inquiries/audit/verify",
    summary="Verify the audit chain against its signed checkpoints (operators)",
)
async def verify(_: Operator, runtime: RuntimeDep, key: SigningKeyDep) -> AuditVerification:
    """Needs `compliance:read` (operators). Walks the hash-linked chain and checks it against
    the database's own copy of the checkpoints and their signatures; the answer says whether
    it holds and where it breaks. Verify offline against the published ones with
    `python -m inquiry_service.cli audit verify`."""
    return AuditVerification.of(await audit.verify(runtime.reader, jwks=key.jwks))
