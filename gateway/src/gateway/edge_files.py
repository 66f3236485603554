"""What the compiled edge reads from disk: its configuration (gateway.edge_config) and the
gateway's public keys as PEM files, one per slot, with the map from `kid` to slot."""

import json
import os
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization

from gateway.edge_config import SLOTS


def jwks_from(source: str) -> dict[str, Any]:
    """A JWKS document from a file or an http(s) URL (the gateway's /.well-known/jwks.json)."""
    if source.startswith(("http://", "https://")):
        response = httpx.get(source, timeout=10)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document
    loaded: dict[str, Any] = json.loads(Path(source).read_text())
    return loaded


def key_files(jwks: dict[str, Any]) -> dict[str, str]:
    """File name → content: the JWKS's first key is `current`, its second `next`.

    With no next key, `next.pem` repeats the current one and no kid maps to it (HAProxy loads
    every key file it names at start-up, so both must exist)."""
    keys = [jwt.PyJWK.from_dict(key) for key in jwks.get("keys", [])]
    if not keys:
        raise ValueError("the JWKS holds no key")
    keys = keys[: len(SLOTS)]
    pems = [
        key.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        for key in keys
    ]
    files = {f"{slot}.pem": pems[min(n, len(pems) - 1)] for n, slot in enumerate(SLOTS)}
    files["kids.map"] = "".join(
        f"{key.key_id} {slot}\n" for key, slot in zip(keys, SLOTS, strict=False) if key.key_id
    )
    return files


def write_keys(jwks: dict[str, Any], directory: Path) -> None:
    """Write the key files, each replaced whole (a reload never reads half a file)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in key_files(jwks).items():
        _replace(directory / name, content)


def write_config(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, text)


def _replace(path: Path, content: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(content)
    os.replace(partial, path)
