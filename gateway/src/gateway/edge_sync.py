"""`panjereh-gateway edge-sync`: a compiled edge's files kept current beside it, where the edge
runs in containers (Kubernetes: an init container, then a sidecar; compose: the same two).

It writes what the native mode writes for its HAProxy (gateway.edge_config, gateway.edge_files)
into a directory the edge's container shares: `haproxy.cfg`, generated here from the routing
table in this image and the gateway's settings in the environment (the gateway's own
ConfigMap: one source of truth, nothing copied), and `keys/`, from the gateway's published
JWKS. With `--once` it writes them and ends (waiting for the gateway's JWKS); without, it looks
again every `--every` seconds and reloads HAProxy's master (`-W -S <socket>`) gracefully when a
file changed: a key rotation, or a peer that came or went.

The peers: HAProxy refuses a configuration naming a host it cannot resolve, so a replica not
yet scheduled (or gone) would stop the others from starting or reloading. Only the peers whose
names resolve now are written, the local one always (bound on every address); a peer that
appears later is added at the next look, with a reload.
"""

import argparse
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from gateway import edge_config, edge_files
from gateway.settings import GatewaySettings
from panjereh.settings import Profile

log = logging.getLogger(__name__)

Resolves = Callable[[str], bool]


@dataclass(frozen=True)
class Sync:
    jwks: str  # the gateway's JWKS URL (or a file)
    directory: Path
    layout: edge_config.EdgeLayout  # peers: every replica's, before `reachable`
    master_socket: Path | None = None


def edge_settings() -> GatewaySettings:
    """The gateway's settings as the edge needs them: routes, limits, upstream URLs.

    Read as the dev profile, so the production profile's demand for the gateway's secrets
    (the private signing keys, the clients) does not apply: the edge must never hold them."""
    return GatewaySettings(profile=Profile.DEV)


def parse_peers(text: str) -> tuple[tuple[str, str], ...]:
    """`edge-0=edge-0.edge-peers:10000,edge-1=…` → ((name, address), …)."""
    peers = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, address = item.partition("=")
        if not sep or not name or ":" not in address:
            raise ValueError(f"a peer is name=host:port, not {item!r}")
        peers.append((name, address))
    return tuple(peers)


def resolves(host: str) -> bool:
    try:
        socket.getaddrinfo(host, None)
    except OSError:
        return False
    return True


def reachable(layout: edge_config.EdgeLayout, check: Resolves = resolves) -> edge_config.EdgeLayout:
    """`layout` with the local peer bound on every address and the others that resolve."""
    peers = []
    for name, address in layout.peers:
        host, _, port = address.rpartition(":")
        if name == layout.local_peer:
            peers.append((name, f"0.0.0.0:{port}"))
        elif check(host):
            peers.append((name, address))
        else:
            log.info("edge peer %s (%s) does not resolve yet: left out for now", name, host)
    if layout.local_peer not in dict(peers):
        raise ValueError(f"the local peer {layout.local_peer!r} is not among the peers")
    return replace(layout, peers=tuple(peers))


def write(sync: Sync, settings: GatewaySettings, check: Resolves = resolves) -> bool:
    """Write the configuration and the keys; True if any file changed."""
    keys = edge_files.write_keys(edge_files.jwks_from(sync.jwks), sync.directory / "keys")
    layout = replace(reachable(sync.layout, check), keys_dir=str(sync.directory / "keys"))
    text = edge_config.render(settings, layout)
    path = sync.directory / "haproxy.cfg"
    if path.exists() and path.read_text() == text:
        return keys
    edge_files.write_config(text, path)
    return True


def once(sync: Sync, settings: GatewaySettings, wait_seconds: float) -> None:
    """Write the files, waiting up to `wait_seconds` for the gateway to publish its JWKS."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            write(sync, settings)
            return
        except (httpx.HTTPError, OSError) as error:
            if time.monotonic() > deadline:
                raise SystemExit(f"edge-sync: no JWKS from {sync.jwks}: {error}") from error
            log.info("waiting for the gateway's JWKS (%s)", error)
            time.sleep(2)


def forever(sync: Sync, settings: GatewaySettings, every: float) -> None:
    """Look every `every` seconds; reload the edge when a file changed (and it listens)."""
    pending = False
    while True:
        time.sleep(every)
        try:
            pending = write(sync, settings) or pending
            if pending and sync.master_socket is not None and sync.master_socket.exists():
                edge_files.reload_master(sync.master_socket)
                log.info("edge reloaded with new files")
                pending = False
        except (httpx.HTTPError, OSError, ValueError) as error:
            # The gateway restarting, a JWKS that does not parse: keep the files it has.
            log.warning("edge files not refreshed: %s", error)


def layout_from(args: argparse.Namespace) -> edge_config.EdgeLayout:
    """The edge's layout as the command line gives it (every peer, before `reachable`)."""
    return edge_config.EdgeLayout(
        bind=args.bind,
        gateway_url=args.gateway_url,
        stats_bind=args.stats_bind,
        peers=parse_peers(args.peers),
        local_peer=args.local_peer,
        trusted_proxies=tuple(filter(None, args.trusted_proxies.split(","))),
        runtime_dns=args.runtime_dns,
    )


def run(args: argparse.Namespace) -> None:
    sync = Sync(args.jwks, args.dir, layout_from(args), args.master_socket)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = edge_settings()
    once(sync, settings, args.wait)
    if not args.once:
        forever(sync, settings, args.every)


def add_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "edge-sync", help="keep a containerised edge's configuration and keys current"
    )
    parser.add_argument("--jwks", required=True, help="the gateway's JWKS URL (or a file)")
    parser.add_argument("--dir", type=Path, required=True, help="shared with the edge")
    parser.add_argument("--bind", default=":8000")
    parser.add_argument("--gateway-url", required=True, help="the Python gateway behind it")
    parser.add_argument("--stats-bind", default=":8404")
    parser.add_argument("--peers", required=True, help="name=host:port,… every replica")
    parser.add_argument("--local-peer", required=True, help="this replica's name")
    parser.add_argument(
        "--trusted-proxies", default="", help="CIDRs whose X-Forwarded-For is believed"
    )
    parser.add_argument(
        "--runtime-dns", action="store_true", help="resolve the services' names while running"
    )
    parser.add_argument("--master-socket", type=Path, help="HAProxy's master CLI (-S)")
    parser.add_argument("--once", action="store_true", help="write the files and end")
    parser.add_argument("--every", type=float, default=15.0, help="seconds between looks")
    parser.add_argument("--wait", type=float, default=300.0, help="for the first JWKS")
