"""The short fault campaign that `make test` runs (issue #9): the Kafka broker SIGKILLed and
restarted (with a live webhook receiver, issue #15), and each service SIGKILLed in turn,
under a shorter load with shorter outages. Nothing accepted may be lost or applied twice
(`make faults` plays the full campaign)."""

import shutil

import pytest

from tests.faults import scenarios
from tests.faults.workload import SHORT
from tests.infra import require_kafka, unavailable

# Each plays a fresh cluster: migrations, start, the load, the fault, quiescence, stop.
pytestmark = [pytest.mark.postgres, pytest.mark.kafka, pytest.mark.timeout(900)]


def _play(name: str) -> None:
    try:
        verdict = scenarios.run(name, SHORT)
    except OSError as error:  # the shared PostgreSQL cannot be reached
        unavailable("PostgreSQL", repr(error))
    print(verdict.line())
    assert verdict.ok, verdict.line()


def test_kafka_sigkilled_and_restarted_loses_nothing() -> None:
    # The broker killed is a private one, started by deploy/local/infra.sh as `make infra-up`
    # starts the shared one. A live webhook receiver listens meanwhile: every application's
    # changes must reach it too, in order, none twice beyond what webhook-id deduplicates.
    if shutil.which("java") is None:
        unavailable("Kafka", "no Java to run a private broker; run `make infra-up`")
    _play("kafka-sigkill-webhooks")


def test_each_service_sigkilled_in_turn_loses_nothing() -> None:
    require_kafka()
    _play("services-killed-in-turn")
