"""`panjereh-gateway rotate-keys`: the key set file for the secret store, rotated or made.

The file holds private keys: it is written whole (never half a file for a watcher to read)
with mode 0600. `--jwks-out` writes what the verifiers need of it (public halves only): the
services' AUTH_JWKS_FILE where they do not fetch the gateway's JWKS, and the edge's keys.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from gateway import signing_keys
from panjereh import keyring


def run(args: argparse.Namespace) -> None:
    now = time.time()
    if args.init:
        if args.keys.exists():
            sys.exit(f"{args.keys} exists: rotate it (without --init), or remove it first")
        keys = _first(args.from_pem, args.kid)
    else:
        if args.from_pem is not None:
            sys.exit("--from-pem only goes with --init")
        keys = signing_keys.rotate(
            signing_keys.loads(args.keys.read_text(encoding="utf-8")),
            now=now,
            keep_seconds=args.keep_seconds,
        )
    _write_secret(args.keys, signing_keys.dumps(keys))
    if args.jwks_out is not None:
        args.jwks_out.write_text(json.dumps(keys.jwks(now), indent=2) + "\n", encoding="utf-8")
    upcoming = keys.next.kid if keys.next else "none"
    print(f"current {keys.current.kid}, next {upcoming}, retired {len(keys.retired)}")


def _first(pem: Path | None, kid: str) -> signing_keys.KeySet:
    if pem is None:
        return signing_keys.fresh()
    private = keyring.parse_private(pem.read_bytes(), what=str(pem))
    return signing_keys.KeySet(
        current=signing_keys.SigningKey(kid, private), next=signing_keys.new_key()
    )


def _write_secret(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(partial, path)
