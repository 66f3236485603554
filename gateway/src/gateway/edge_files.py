"""What the compiled edge reads from disk: its configuration (gateway.edge_config) and the
gateway's public keys as PEM files, one per slot, with the map from `kid` to slot."""

import json
import logging
import os
import signal
import socket
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization

from gateway.edge_config import SLOTS
from panjereh import dossier

log = logging.getLogger(__name__)


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
    """File name → content: the JWKS's first key is `current`, its second `next`, then the
    retired ones (gateway.signing_keys publishes them in that order; dossier keys are not
    token keys and are left out).

    A slot with no key repeats the current one and no kid maps to it (HAProxy loads every key
    file it names at start-up, so all must exist)."""
    keys = [
        jwt.PyJWK.from_dict(key)
        for key in jwks.get("keys", [])
        if not str(key.get("kid", "")).startswith(dossier.KID_PREFIX)
    ]
    if not keys:
        raise ValueError("the JWKS holds no key")
    if len(keys) > len(SLOTS):
        # Retired keys beyond the slots (rotations faster than tokens expire): their tokens
        # are refused at the edge before they expire. Say so rather than drop them quietly.
        log.warning("%d token keys, %d edge slots: the oldest are left out", len(keys), len(SLOTS))
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


def write_keys(jwks: dict[str, Any], directory: Path) -> bool:
    """Write the key files, each replaced whole (a reload never reads half a file); True if
    any changed (the edge must then reload to load them: HAProxy reads keys at start)."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = False
    for name, content in key_files(jwks).items():
        path = directory / name
        if not path.exists() or path.read_text() != content:
            _replace(path, content)
            changed = True
    return changed


def reload_edge(pidfile: Path) -> None:
    """Reload HAProxy gracefully: its master (-W) starts new workers on the new files and
    the old ones finish the requests they hold (no connection refused, none cut)."""
    os.kill(int(pidfile.read_text().split()[0]), signal.SIGUSR2)


def reload_master(master_socket: Path) -> None:
    """The same reload through HAProxy's master CLI (`-S <socket>`), for an edge in another
    container: a socket in a shared volume reaches it where a signal cannot."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(10)
        conn.connect(str(master_socket))
        conn.sendall(b"reload\n")
        while conn.recv(4096):  # the master closes the connection once it has taken it
            pass


def write_config(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, text)


def _replace(path: Path, content: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(content)
    os.replace(partial, path)
