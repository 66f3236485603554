"""A private HAProxy (Debian's package) running the edge's generated configuration
(gateway.edge_config) in front of the status service: the compiled edge's hop, measured
beside the Python gateway's. Its own key, ports and folder; in the foreground, on the
server's core (one thread); the JSON access log on, as in production, to a file."""

import subprocess
import tempfile
from pathlib import Path

from bench.load import Processes, ensure_apt, free_port, wait_port
from gateway import edge_config, edge_files
from gateway.settings import GatewaySettings
from panjereh import auth


def version() -> str:
    done = subprocess.run([ensure_apt("haproxy", "haproxy"), "-v"], capture_output=True, text=True)
    return done.stdout.split("\n", 1)[0].removeprefix("HAProxy version ").split(" ")[0]


def serve(processes: Processes, *, status_url: str, gateway_url: str) -> int:
    """Start the edge routing /v1/status to `status_url`, the rest to `gateway_url`; its port."""
    binary = ensure_apt("haproxy", "haproxy")
    root = Path(tempfile.mkdtemp(prefix="bench-haproxy-"))
    port = free_port()
    settings = GatewaySettings(
        profile="dev",
        status_url=status_url,
        rate_limit_per_client="100000000/minute",
        rate_limit_per_ip="100000000/minute",
    )
    layout = edge_config.EdgeLayout(
        bind=f"127.0.0.1:{port}",
        gateway_url=gateway_url,
        keys_dir=str(root / "keys"),
        stats_bind=f"127.0.0.1:{free_port()}",
        peers=(("edge-1", f"127.0.0.1:{free_port()}"),),
    )
    edge_files.write_keys(auth.public_jwks(auth.new_signing_key(), kid="bench"), root / "keys")
    edge_files.write_config(edge_config.render(settings, layout), root / "haproxy.cfg")
    with (root / "access.log").open("w") as log:
        processes.start([binary, "-db", "-f", str(root / "haproxy.cfg")], stdout=log.fileno())
    wait_port(port)
    return port
