"""The servers the status benchmark compares, all on the server core, and the requests it
sends them: a bare uvicorn hello-world, nginx serving the status answer as a static file,
the status service direct, through the Python gateway and through the compiled edge
(HAProxy with the generated configuration; 200 and 304 paths).
"""

import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Mapping

from bench import _haproxy, _nginx
from bench.load import Processes, free_port, wait_port
from bench.vegeta import Target

NATIONAL_CODE = "0018392741"
EDGE = "edge (HAProxy) → status"
UVICORN = [sys.executable, "-m", "uvicorn", "--log-level", "warning", "--no-access-log"]


def start(processes: Processes) -> dict[str, Target]:
    """Start every server; the benchmark's cases by name, in the order of the report."""
    status_port = free_port()
    status = processes.start(
        [sys.executable, "bench/_status_server.py", str(status_port), tempfile.mkdtemp()],
        stdout=subprocess.PIPE,
    )
    assert status.stdout is not None
    tracking_code = status.stdout.readline().split()[1]  # once its read model is fed
    hello_port, gateway_port, nginx_port = free_port(), free_port(), free_port()
    processes.start([*UVICORN, "bench._hello:app", "--port", str(hello_port)])
    processes.start(
        [*UVICORN, "gateway.main:create_app", "--factory", "--port", str(gateway_port)],
        env={
            "PANJEREH_GATEWAY_STATUS_URL": f"http://127.0.0.1:{status_port}",
            "PANJEREH_GATEWAY_LOG_LEVEL": "WARNING",
            "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": "100000000/minute",
        },
    )
    edge_port = _haproxy.serve(
        processes,
        status_url=f"http://127.0.0.1:{status_port}",
        gateway_url=f"http://127.0.0.1:{gateway_port}",
    )
    status_path = f"/v1/status/{tracking_code}"
    asked = {"X-National-Code": NATIONAL_CODE}
    body, status_etag = _get(f"http://127.0.0.1:{status_port}{status_path}", asked)
    static_path = _nginx.serve(processes, nginx_port, "status.json", body)
    for port in (hello_port, gateway_port, nginx_port):
        wait_port(port)
    _, nginx_etag = _get(f"http://127.0.0.1:{nginx_port}{static_path}", {})
    return {
        "hello-world (uvicorn)": Target(_url(hello_port, "/")),
        **_both_paths("nginx static", _url(nginx_port, static_path), {}, nginx_etag),
        **_both_paths("status", _url(status_port, status_path), asked, status_etag),
        **_both_paths("gateway → status", _url(gateway_port, status_path), asked, status_etag),
        **_both_paths(EDGE, _url(edge_port, status_path), asked, status_etag),
    }


def _url(port: int, path: str) -> str:
    return f"http://127.0.0.1:{port}{path}"


def _both_paths(name: str, url: str, headers: Mapping[str, str], etag: str) -> dict[str, Target]:
    return {
        f"{name} 200": Target(url, headers=headers),
        f"{name} 304": Target(url, headers={**headers, "If-None-Match": etag}),
    }


def _get(url: str, headers: Mapping[str, str]) -> tuple[bytes, str]:
    """The body and ETag of one loopback GET."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=dict(headers))) as answer:
        return answer.read(), str(answer.headers["ETag"])
