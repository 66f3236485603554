"""The embedded default served as `python -m panjereh_embedded` serves it, but signing with a
key the test run holds (tests.edges): `python -m tests.embedded_server PORT DATA_DIR KEY`.

A package's `__main__`, as panjereh_embedded's is: the rule budget's forkserver workers
import a main module that is a plain module again, and one that serves is no worker; they
skip a `__main__` (a module of its own left the rules unanswered: applications stayed
`evaluating`)."""

import sys
from pathlib import Path

import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from panjereh_embedded.app import create_app


def main(port: str, data_dir: str, key_file: str) -> None:
    key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    uvicorn.run(
        create_app(Path(data_dir) / "data", key=key),
        host="127.0.0.1",
        port=int(port),
        log_config=None,
        proxy_headers=False,  # the gateway chooses the client's address (gateway.forwarded)
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
