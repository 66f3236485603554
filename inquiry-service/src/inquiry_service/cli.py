"""`inquiry-service serve|migrate|verify-audit`, and `audit verify` for anyone with the keys.

`python -m inquiry_service.cli audit verify --database-url URL --jwks FILE|URL
[--checkpoints FILE|URL]` checks a copy of the inquiry database against the checkpoints and
keys Panjereh published (GET /v1/inquiries/audit/checkpoints and /keys), fetched or kept
outside the database: an insider who rewrote the chain and the checkpoints table cannot sign.
It needs no secret and no setting. Exit 0: intact; 1: not; 2: the input could not be read.
"""

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.exc import SQLAlchemyError

from inquiry_service import audit
from inquiry_service.anchoring import keys
from inquiry_service.anchoring.schemas import AuditVerification
from inquiry_service.main import MIGRATIONS
from inquiry_service.settings import InquirySettings
from panjereh import cli
from panjereh.db import engine as db_engine
from panjereh.db.reader import Reader


async def verify_audit(settings: InquirySettings) -> int:
    """Walk the chain against the database's own checkpoints; exit 1 if anything fails."""
    return await _verify(settings.database_url, keys.load(settings).jwks, None, "database")


async def _verify(
    database_url: str,
    jwks: dict[str, Any],
    checkpoints: list[dict[str, Any]] | None,
    source: str,
) -> int:
    engine = db_engine.create_engine(database_url)
    try:
        report = await audit.verify(Reader(engine), jwks=jwks, checkpoints=checkpoints)
    finally:
        await engine.dispose()
    result = AuditVerification.of(report).model_dump(mode="json")
    print(json.dumps({**result, "checkpoints_from": source}, ensure_ascii=False))
    return 0 if report.intact else 1


def _audit_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inquiry-service audit")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser(
        "verify", help="verify a copy of the audit chain against the published checkpoints"
    )
    verify.add_argument("--database-url", required=True, help="e.g. sqlite+aiosqlite:///copy.db")
    verify.add_argument(
        "--jwks", required=True, help="the published keys: a JSON file or the URL of /audit/keys"
    )
    verify.add_argument(
        "--checkpoints",
        help="the published checkpoints: a JSON file (a page, a list or JSON lines) or the URL "
        "of /audit/checkpoints; without it, the database's own copy (weaker: an insider "
        "can delete it)",
    )
    return parser


async def audit_command(argv: Sequence[str]) -> int:
    """`audit verify`: offline verification with public material only."""
    args = _audit_parser().parse_args(argv)
    try:
        jwks = await _read_json(args.jwks)
        published = None if args.checkpoints is None else await _read_checkpoints(args.checkpoints)
    except (OSError, ValueError, httpx.HTTPError) as error:
        print(f"cannot read the published material: {error}", file=sys.stderr)
        return 2
    if not isinstance(jwks, dict):
        print("--jwks: not a JWKS document", file=sys.stderr)
        return 2
    source = "database" if published is None else "published"
    try:
        return await _verify(args.database_url, jwks, published, source)
    except (SQLAlchemyError, OSError, ValueError) as error:
        print(f"cannot read the audit chain: {type(error).__name__}", file=sys.stderr)
        return 2


async def _read_json(where: str) -> Any:
    if where.startswith(("http://", "https://")):
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.get(where)
            response.raise_for_status()
            return response.json()
    return json.loads(await asyncio.to_thread(Path(where).read_text, encoding="utf-8"))


async def _read_checkpoints(where: str) -> list[dict[str, Any]]:
    if where.startswith(("http://", "https://")):
        return await _fetch_pages(where)
    text = (await asyncio.to_thread(Path(where).read_text, encoding="utf-8")).strip()
    try:
        documents = [json.loads(text)]
    except ValueError:
        documents = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [item for document in documents for item in _items(document)]


def _items(document: Any) -> list[dict[str, Any]]:
    if isinstance(document, dict):
        document = document.get("items", [document] if "jws" in document else [])
    if not isinstance(document, list):
        raise ValueError("--checkpoints: neither a page, a list nor JSON lines of checkpoints")
    return [item for item in document if isinstance(item, dict)]


async def _fetch_pages(url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    async with httpx.AsyncClient(timeout=30) as client:
        while True:
            params = {"limit": 500} | ({"cursor": cursor} if cursor else {})
            response = await client.get(url, params=params)
            response.raise_for_status()
            page = response.json()
            items += _items(page)
            cursor = page.get("next_cursor")
            if not cursor:
                return items


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["audit"]:
        sys.exit(asyncio.run(audit_command(args[1:])))
    cli.main(
        app_path="inquiry_service.main:create_app",
        settings_factory=InquirySettings,
        migrations_package=MIGRATIONS,
        default_port=8002,
        extra_commands={
            "verify-audit": ("verify the audit chain against its own checkpoints", verify_audit)
        },
        argv=args,
    )


if __name__ == "__main__":
    main()
