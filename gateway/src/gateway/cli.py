"""`panjereh-gateway serve`."""

import argparse

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(prog="panjereh-gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the public API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(
        "gateway.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        # The gateway reads X-Forwarded-For itself, believing only `trusted_proxies`
        # (gateway.forwarded); uvicorn's reading would believe any loopback client.
        proxy_headers=False,
        timeout_graceful_shutdown=20,
    )
