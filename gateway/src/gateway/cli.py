"""`panjereh-gateway serve`; the compiled edge's files (`edge-config`, `edge-keys`); and
`rotate-keys`, the token signing keys' rotation."""

import argparse
from pathlib import Path

import uvicorn

from gateway import edge_config, edge_files, edge_sync, key_rotation, signing_keys
from gateway.settings import GatewaySettings


def main() -> None:
    parser = argparse.ArgumentParser(prog="panjereh-gateway")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the public API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    config = commands.add_parser(
        "edge-config", help="write HAProxy's configuration from the routes and these settings"
    )
    defaults = edge_config.EdgeLayout()
    config.add_argument("--out", type=Path, required=True)
    config.add_argument("--bind", default=defaults.bind)
    config.add_argument("--gateway-url", default=defaults.gateway_url)
    config.add_argument("--keys-dir", default=defaults.keys_dir)
    config.add_argument("--stats-bind", default=defaults.stats_bind)
    keys = commands.add_parser("edge-keys", help="write the edge's key files from a JWKS")
    keys.add_argument("--jwks", required=True, help="a file or the gateway's JWKS URL")
    keys.add_argument("--dir", type=Path, required=True)
    keys.add_argument(
        "--reload-pidfile",
        type=Path,
        help="HAProxy's master pid file: reload it gracefully (SIGUSR2) if the keys changed",
    )
    edge_sync.add_parser(commands)
    rotate = commands.add_parser(
        "rotate-keys", help="rotate the token signing key set (next → current, a new next)"
    )
    rotate.add_argument("--keys", type=Path, required=True, help="the key set file (rewritten)")
    rotate.add_argument(
        "--init",
        action="store_true",
        help="write a first set (a current and a next key) instead of rotating",
    )
    rotate.add_argument(
        "--from-pem", type=Path, help="with --init: the current key is this PEM (SIGNING_KEY_PEM)"
    )
    # Read without the production profile's demand for secrets: `edge-sync` runs beside the
    # edge with the gateway's settings and none of its keys, and reaches this line too.
    known = edge_sync.edge_settings()
    rotate.add_argument("--kid", default=known.signing_key_id, help="its kid")
    rotate.add_argument(
        "--keep-seconds",
        type=int,
        default=signing_keys.keep_seconds(known),
        help="how long the retired key keeps verifying (its tokens' life and propagation)",
    )
    rotate.add_argument("--jwks-out", type=Path, help="also write the public JWKS here")
    args = parser.parse_args()
    if args.command == "rotate-keys":
        key_rotation.run(args)
    elif args.command == "edge-sync":
        edge_sync.run(args)
    elif args.command == "edge-config":
        layout = edge_config.EdgeLayout(
            bind=args.bind,
            gateway_url=args.gateway_url,
            keys_dir=args.keys_dir,
            stats_bind=args.stats_bind,
        )
        edge_files.write_config(edge_config.render(GatewaySettings(), layout), args.out)
    elif args.command == "edge-keys":
        changed = edge_files.write_keys(edge_files.jwks_from(args.jwks), args.dir)
        if changed and args.reload_pidfile is not None:
            edge_files.reload_edge(args.reload_pidfile)
    else:
        _serve(args)


def _serve(args: argparse.Namespace) -> None:
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
