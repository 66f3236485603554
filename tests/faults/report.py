"""The campaign's report, docs/faults.md: each verdict, the load, the machine, the command."""

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from bench import report as bench_report
from tests.faults.workload import Load, Verdict

DOCS = Path(__file__).resolve().parents[2] / "docs" / "faults.md"
COLUMNS = ("submitted", "completed", "lost", "duplicated", "refused", "dead_letters")


def write(verdicts: Sequence[Verdict], load: Load, command: str, elapsed: float) -> Path:
    """Replace docs/faults.md with these verdicts (only a full run of every scenario)."""
    rows = [
        (
            v.scenario,
            "PASS" if v.ok else "FAIL",
            *(getattr(v, column) for column in COLUMNS),
            f"{v.recovery_seconds:.1f}",
            ", ".join(f"{k}={n}" for k, n in v.extra.items()) or "–",
        )
        for v in verdicts
    ]
    table = bench_report.table(
        ("scenario", "verdict", *COLUMNS, "recovery s", "scenario's own counts"), rows
    )
    machine = bench_report.table(("", ""), bench_report.machine().items(), figures=False)
    DOCS.write_text(
        f"""# Fault campaign

Each scenario drives an open-loop workload through the gateway of the native mode (every
service its own process, fresh databases and topics; {load.rate:g} applications/s, each a
new person so the inquiry cache hides nothing, for {load.seconds:g} s and on until the fault
is healed), injects its fault, heals it, waits for quiescence, then reads the verdict from
each service's own database: every accepted application decided in the application service
and visible as decided in the status service (else *lost*); no application step, evidence
request, status timeline entry or compliance count applied twice, and no second application
from a client's retry (*duplicated*); valid requests never accepted (*refused*); messages
given up on to a dead-letter topic (*dead_letters*: only valid input reaches the bus, so any
is a healthy event dropped); the compliance counts equal to a recount. *Recovery* runs from
the fault's healing to that quiescence. Clients retry 5xx answers and dropped connections
with the same Idempotency-Key, as an agency's backend would. Kafka and PostgreSQL faults hit
private instances the campaign starts, never the shared ones.

- **services-killed-in-turn**: inquiry, status, compliance and application SIGKILLed one
  after another mid-load, each restarted 2 s later.
- **registry-down**: the registry simulator SIGKILLed for 30 s (the breaker opens,
  applications wait in collecting_evidence, then complete).
- **kafka-sigkill**: the broker SIGKILLed mid-load, restarted 10 s later on the same data.
- **kafka-sigkill-webhooks**: the same, with the workload's agency subscribed to `*` by a
  live webhook receiver on 127.0.0.1 before the load: every accepted application's state
  changes must reach it, signed (checked with `standardwebhooks`), in order per application,
  ending in its decided state, and no change under two webhook-ids (`webhooks_lost`,
  `webhooks_out_of_order`, `webhooks_twins`, `webhooks_unverified` must be 0; redeliveries
  under one webhook-id are allowed and counted; latency from the event to its receipt).
- **postgres-restart**: the PostgreSQL server of every service stopped in immediate mode
  (connections cut, crash recovery on start) and started again 5 s later.
- **hostile-burst**: schemathesis over the gateway's merged OpenAPI document with many
  examples, plus hand-made cases (5 MB bodies, wrong content types, broken JSON, Persian,
  Arabic-Indic, fullwidth and mixed digits, SQL and JSON injection, deep nesting, NUL bytes,
  huge headers, forged and expired tokens), and the red team's probes of issue #14, each
  with the answer the platform promises (a self-granted legal basis 403, a pending service
  409, costly rules 422, minimised data, forged cursors and UTF-8 headers 4xx, no internal
  redirect, a closed /metrics, 300 SSE streams at once admitted or 429) beside the valid
  workload; any 5xx or broken promise fails it.

In every scenario, a national code in any spelling in any service's log fails it
(`codes_in_logs`).

## Verdicts

{table}

Whole run: {elapsed / 60:.1f} minutes.

## Machine

{machine}

## Regenerate

`{command}` (a run of every scenario rewrites this file; `--short` or a chosen scenario
prints its verdicts only). Written {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.
"""
    )
    return DOCS
