"""`panjereh-dossier verify --jwks <file|url> [FILE|-]`: verify a decision dossier offline.

A court, another agency or the person themselves checks a dossier with nothing but the
JWKS saved from `/.well-known/jwks.json` (a URL works too, when online): the signature, the
`typ`, and that its `kid` is among the published dossier keys. It prints the decision in
Persian and English; the exit code is 0 for a valid dossier and 1 for anything else.
"""

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import httpx

from panjereh import dossier, jalali

OUTCOMES = {
    "approved": ("پذیرفته شد", "approved"),
    "rejected": ("رد شد", "rejected"),
}
DECIDERS = {
    "rules": ("قواعد منتشرشدهٔ خدمت", "the service's published rules"),
    "officer": ("کارشناس", "an officer"),
    "sla": ("پایان مهلت قانونی (سکوت به منزلهٔ موافقت)", "the SLA's end (silence is consent)"),
}


def _jwks(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        response = httpx.get(source, timeout=10)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document
    loaded: dict[str, Any] = json.loads(Path(source).read_text(encoding="utf-8"))
    return loaded


def _read(source: str, stdin: TextIO) -> str:
    return stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")


def _when(moment: str | None) -> str:
    if moment is None:
        return "—"
    at = dt.datetime.fromisoformat(moment)
    return f"{jalali.to_jalali(at)} ({at.isoformat()})"


def describe(payload: dict[str, Any], header: dict[str, Any]) -> list[str]:
    """The decision, in Persian then English, for a person to read."""
    decision = payload["decision"]
    outcome_fa, outcome_en = OUTCOMES.get(decision["outcome"], (decision["outcome"],) * 2)
    by_fa, by_en = DECIDERS.get(decision["by"], (decision["by"],) * 2)
    when = _when(payload["decided_at"])
    lines = [
        "پروندهٔ تصمیم معتبر است: امضا با کلید منتشرشدهٔ پنجره تطبیق دارد.",
        "VALID decision dossier: the signature holds under a published Panjereh key.",
        f"کد رهگیری / tracking code: {payload['tracking_code']}",
        f"خدمت / service: {payload['service_id']}",
        f"تصمیم: {outcome_fa} — توسط {by_fa} — در {when}",
        f"Decision: {outcome_en} — by {by_en} — at {when}",
    ]
    for reason in decision.get("reasons", []):
        lines.append(f"  دلیل: {reason.get('fa')} / reason: {reason.get('en')}")
    for basis in payload["legal_basis"]:
        lines.append(
            f"مبنای قانونی / legal basis: {basis['evidence_type']}: "
            f"{basis['law_reference'] or '—'} ({_when(basis['decided_at'])})"
        )
    for item in payload["evidence"]:
        lines.append(
            f"مدرک / evidence: {item['type']} ({item['registry']}, {_when(item['retrieved_at'])})"
            f" {item['digest']}"
        )
    lines.append(f"قواعد / rules: {payload['rules_digest']}")
    lines.append(f"کلید / key: {header['kid']}")
    return lines


def verify(jwks_source: str, dossier_source: str, *, out: TextIO, stdin: TextIO) -> int:
    try:
        jwks = _jwks(jwks_source)
    except (OSError, ValueError, httpx.HTTPError) as error:
        print(f"JWKS خوانده نشد / cannot read the JWKS: {error}", file=out)
        return 1
    try:
        header, payload = dossier.verify(dossier.extract(_read(dossier_source, stdin)), jwks)
        lines = describe(payload, header)
    except (dossier.InvalidDossier, OSError, KeyError, TypeError, ValueError) as error:
        print("پروندهٔ تصمیم معتبر نیست. / NOT a valid decision dossier.", file=out)
        print(f"  {error}", file=out)
        return 1
    print("\n".join(lines), file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="panjereh-dossier", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="verify a dossier against a saved JWKS")
    check.add_argument("--jwks", required=True, help="a JWKS file (or its URL)")
    check.add_argument(
        "dossier", nargs="?", default="-", help="a file with the JWS, its link or JSON; - stdin"
    )
    args = parser.parse_args(argv)
    return verify(args.jwks, args.dossier, out=sys.stdout, stdin=sys.stdin)


if __name__ == "__main__":
    sys.exit(main())
