"""A private nginx (Debian's package) serving one file: the yardstick of a static answer.

Its own configuration in a temporary folder, its own port, in the foreground, one worker on
the server's core, no access log; nginx's default ETag (mtime-size) gives the 304 path.
"""

import subprocess
import tempfile
from pathlib import Path

from bench.load import SERVER_CORE, Processes, ensure_apt

CONFIG = """\
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    types {{ }}
    default_type application/json;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
    }}
}}
"""


def version() -> str:
    done = subprocess.run([ensure_apt("nginx", "nginx"), "-v"], capture_output=True, text=True)
    return done.stderr.strip().removeprefix("nginx version: ")


def serve(processes: Processes, port: int, name: str, body: bytes) -> str:
    """Serve `body` at /<name> on 127.0.0.1:port; the URL path."""
    binary = ensure_apt("nginx", "nginx")
    root = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    (root / "www").mkdir()
    (root / "tmp").mkdir()
    (root / "www" / name).write_bytes(body)
    # Run as root, the worker drops to nobody and must still reach and read the file.
    for path in (root, root / "www"):
        path.chmod(0o755)
    (root / "www" / name).chmod(0o644)
    (root / "nginx.conf").write_text(CONFIG.format(root=root, port=port))
    processes.start(
        [binary, "-p", str(root), "-c", str(root / "nginx.conf"), "-e", str(root / "error.log")],
        core=SERVER_CORE,
    )
    return f"/{name}"
