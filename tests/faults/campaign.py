"""The fault campaign (`make faults`): a steady workload through the gateway of the native
mode, a fault injected and healed, quiescence awaited, then the verdict read from each
service's own database: nothing accepted lost, nothing applied twice, the compliance counts
equal to a recount. One line per scenario; the exit status is non-zero on any loss,
duplicate, refused valid request or (hostile burst) server error.

`python -m tests.faults.campaign [--short] [scenario ...]`, the scenarios being
services-killed-in-turn, registry-down, kafka-sigkill, kafka-sigkill-webhooks (the same
with a live webhook receiver), postgres-restart and hostile-burst
(all of them when none is named; that run also rewrites docs/faults.md). `--short` plays
the shorter load and outages that `make test` runs (tests/faults/test_short_campaign.py).
"""

import argparse
import dataclasses
import sys
import time

from tests.faults import report, scenarios
from tests.faults.workload import FULL, SHORT


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.faults.campaign")
    parser.add_argument("--short", action="store_true", help="the short load and outages")
    parser.add_argument("--rate", type=float, help="applications per second (full: 20)")
    parser.add_argument("scenario", nargs="*", help=", ".join(scenarios.SCENARIOS))
    options = parser.parse_args(argv)
    unknown = set(options.scenario) - set(scenarios.SCENARIOS)
    if unknown:
        parser.error(f"no such scenario: {', '.join(sorted(unknown))}")
    load = SHORT if options.short else FULL
    if options.rate:
        load = dataclasses.replace(load, rate=options.rate)
    verdicts, started = [], time.monotonic()
    for name in options.scenario or list(scenarios.SCENARIOS):
        verdict = scenarios.run(name, load)
        print(verdict.line(), flush=True)
        verdicts.append(verdict)
    if not options.short and not options.scenario:
        written = report.write(verdicts, load, "make faults", time.monotonic() - started)
        print(f"written {written}")
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
