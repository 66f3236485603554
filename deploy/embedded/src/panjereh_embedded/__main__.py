"""`python -m panjereh_embedded`: serve the embedded default on http://127.0.0.1:8000."""

import argparse
import os

import uvicorn

from panjereh_embedded.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="panjereh-embedded")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data-dir", default=os.environ.get("PANJEREH_DATA_DIR", ".data"))
    args = parser.parse_args()
    uvicorn.run(
        create_app(args.data_dir),
        host=args.host,
        port=args.port,
        log_config=None,
        proxy_headers=False,  # the gateway chooses the client's address (gateway.forwarded)
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
