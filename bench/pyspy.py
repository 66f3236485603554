"""py-spy profiles of a running cluster's Python processes, and what each one shows: the
functions that hold the most samples on their own (self) and with what they call (total).
Used by `bench.e2e_bench --profile DIR` at each rate; sampling costs some CPU of its own, so
a profiled run's figures are not the benchmark's."""

import collections
import contextlib
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

RATE_HZ = 97  # samples a second: not a multiple of the event loop's timers


@contextlib.contextmanager
def recording(pids: Mapping[str, int], folder: Path, seconds: float) -> Iterator[None]:
    """py-spy record (collapsed stacks, idle frames left out) on each pid for `seconds`, into
    `folder/<name>.txt`; the block waits for every recording to end."""
    spy = shutil.which("py-spy") or str(Path(__file__).parents[1] / ".venv/bin/py-spy")
    folder.mkdir(parents=True, exist_ok=True)
    started = [
        subprocess.Popen(
            [
                spy,
                "record",
                "--format",
                "raw",
                "--rate",
                str(RATE_HZ),
                "--duration",
                str(max(1, int(seconds))),
                "--nonblocking",
                "--subprocesses",
                "--pid",
                str(pid),
                "--output",
                str(folder / f"{name}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name, pid in pids.items()
    ]
    try:
        yield
    finally:
        for process in started:
            process.wait(timeout=seconds + 60)


def summary(path: Path, top: int = 15) -> str:
    """The file's `top` frames by self and by total samples, as share of all its samples."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_short(frame) for frame in stack.split(";")]
        samples += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            total[frame] += int(count)
    if not samples:
        return f"{path.stem}: no samples"
    lines = [f"{path.stem}: {samples} samples"]
    for title, counter in (("self", own), ("total", total)):
        lines.append(f"  by {title}:")
        lines += [f"    {100 * n / samples:5.1f}%  {f}" for f, n in counter.most_common(top)]
    return "\n".join(lines)


def _short(frame: str) -> str:
    """`function (path/to/module.py:line)` as `function (module.py)`: lines split one
    function's samples across its statements."""
    name, _, where = frame.partition(" (")
    module = where.rsplit("/", 1)[-1].split(":", 1)[0]
    return f"{name} ({module})" if module else name


def main() -> None:
    import sys

    for path in sorted(Path(sys.argv[1]).glob("*.txt")):
        print(summary(path, top=int(sys.argv[2]) if len(sys.argv) > 2 else 15))


if __name__ == "__main__":
    main()
