"""Status microbenchmark: requests/s of the status endpoint (200 and 304 paths), direct and
through the gateway, against a bare uvicorn hello-world, on this machine, in one run. Prints
a Markdown table and the ratios, and writes bench/results/status.json. Not a test: figures
vary with the machine; ratios travel.

Usage: .venv/bin/python bench/status_bench.py [--seconds 10] [--connections 32] [--runs 3]
Needs wrk (Debian's package; installed if missing). Load only ever goes to 127.0.0.1.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
NATIONAL_CODE = "0018392741"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def _wrk(url: str, headers: dict[str, str], *, seconds: int, connections: int) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    # The server and wrk each get a core of their own where possible.
    output = subprocess.run(
        ["taskset", "-c", "1", *command, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": _ms(p50),
        "p99_ms": _ms(p99),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
    }


def _ms(match: re.Match[str] | None) -> float:
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen(
        ["taskset", "-c", "0", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)

    hello_port, status_port, gateway_port = _free_port(), _free_port(), _free_port()
    data = tempfile.mkdtemp(prefix="status-bench-")
    hello = _start(
        [
            PYTHON,
            "-m",
            "uvicorn",
            "bench._hello:app",
            "--port",
            str(hello_port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
    )
    status = _start([PYTHON, "bench/_status_server.py", str(status_port), data])
    gateway = _start(
        [
            PYTHON,
            "-m",
            "uvicorn",
            "gateway.main:create_app",
            "--factory",
            "--port",
            str(gateway_port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={
            "PANJEREH_GATEWAY_STATUS_URL": f"http://127.0.0.1:{status_port}",
            "PANJEREH_GATEWAY_LOG_LEVEL": "WARNING",
            "PANJEREH_GATEWAY_RATE_LIMIT_PER_IP": "100000000/minute",
        },
    )
    try:
        assert status.stdout is not None
        tracking_code = status.stdout.readline().split()[1]
        _wait_port(hello_port)
        _wait_port(gateway_port)
        etag = _etag(status_port, tracking_code)
        cases = {
            "hello-world (bare uvicorn)": (f"http://127.0.0.1:{hello_port}/", {}),
            "status 200": (
                f"http://127.0.0.1:{status_port}/v1/status/{tracking_code}",
                {"X-National-Code": NATIONAL_CODE},
            ),
            "status 304": (
                f"http://127.0.0.1:{status_port}/v1/status/{tracking_code}",
                {"X-National-Code": NATIONAL_CODE, "If-None-Match": etag},
            ),
            "gateway → status 200": (
                f"http://127.0.0.1:{gateway_port}/v1/status/{tracking_code}",
                {"X-National-Code": NATIONAL_CODE},
            ),
            "gateway → status 304": (
                f"http://127.0.0.1:{gateway_port}/v1/status/{tracking_code}",
                {"X-National-Code": NATIONAL_CODE, "If-None-Match": etag},
            ),
        }
        for url, headers in cases.values():  # warm-up
            _wrk(url, headers, seconds=2, connections=options.connections)
        results: dict[str, dict[str, float]] = {}
        for name, (url, headers) in cases.items():
            runs = [
                _wrk(url, headers, seconds=options.seconds, connections=options.connections)
                for _ in range(options.runs)
            ]
            results[name] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        # Unloaded latency: one connection, one request at a time, so nothing queues and the
        # difference of the medians is what the gateway's hop itself adds.
        for name in ("status 200", "gateway → status 200"):
            url, headers = cases[name]
            runs = [_wrk(url, headers, seconds=options.seconds, connections=1) for _ in range(3)]
            results[f"{name}, 1 connection"] = {
                key: statistics.median(r[key] for r in runs) for key in runs[0]
            }
    finally:
        for process in (hello, status, gateway):
            process.terminate()
            process.wait(10)
    _report(results, options)


def _etag(port: int, tracking_code: str) -> str:
    import urllib.request

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/status/{tracking_code}",
        headers={"X-National-Code": NATIONAL_CODE},
    )
    with urllib.request.urlopen(request) as response:  # loopback only
        return str(response.headers["ETag"])


def _report(results: dict[str, dict[str, float]], options: argparse.Namespace) -> None:
    hello = results["hello-world (bare uvicorn)"]["rps"]
    print(
        f"\nStatus microbenchmark: {options.connections} connections, "
        f"{options.seconds}s x {options.runs} runs (medians), wrk on core 1, server on core 0\n"
    )
    print("| case | requests/s | p50 ms | p99 ms | vs hello-world |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, f in results.items():
        ratio = f["rps"] / hello
        print(f"| {name} | {f['rps']:.0f} | {f['p50_ms']:.2f} | {f['p99_ms']:.2f} | {ratio:.2f} |")
    for path in ("200", "304"):
        direct, routed = results[f"status {path}"], results[f"gateway → status {path}"]
        print(
            f"\n{path} path: gateway/direct throughput {routed['rps'] / direct['rps']:.2f}, "
            f"p50 added {routed['p50_ms'] - direct['p50_ms']:.2f} ms; "
            f"direct/hello-world {direct['rps'] / hello:.2f}"
        )
    alone, hop = results["status 200, 1 connection"], results["gateway → status 200, 1 connection"]
    print(
        f"\nunloaded (1 connection): p50 direct {alone['p50_ms']:.2f} ms, through the gateway "
        f"{hop['p50_ms']:.2f} ms: the hop adds {hop['p50_ms'] - alone['p50_ms']:.2f} ms"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "status.json").write_text(
        json.dumps({"options": vars(options), "results": results}, indent=2)
    )
    print(f"\nwritten {out / 'status.json'}")


if __name__ == "__main__":
    main()
