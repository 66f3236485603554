"""Kafka as production runs it (issue 20, Must show 6): SASL/SCRAM over TLS with a CA made
here, one SCRAM user per service, and the ACLs of panjereh.bus.acl. A service publishes its
own topics and consumes what it reads; no credentials, a wrong password, another service's
topic or group: the broker refuses. The passport saga passes with each service's own
credentials."""

import asyncio
import logging
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import (
    ClusterAuthorizationFailedError,
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)

from panjereh import events
from panjereh.bus.acl import PLAN
from panjereh.bus.base import OutgoingMessage, RetryPolicy
from panjereh.bus.kafka import KafkaBus
from panjereh.bus.security import PLAINTEXT, KafkaSecurity
from panjereh.events import dead_letter_topic
from tests.integration.application.conftest import platform
from tests.integration.application.test_saga_over_kafka import decide_three_passports
from tests.kafka_auth_support import ADMIN, LIBS, SecuredKafka
from tests.support import Collector, eventually, state_changed, unique

pytestmark = [pytest.mark.asyncio, pytest.mark.kafka]


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredKafka]:
    if not any(LIBS.glob("kafka_2.13-*.jar")) or shutil.which("java") is None:
        message = "Kafka's jars or Java are missing; run `make infra-up`"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: real-infrastructure tests may not be skipped)")
        pytest.skip(message)
    with SecuredKafka(Path(tmp_path_factory.mktemp("secured-kafka"))) as broker:
        asyncio.run(broker.grant())
        asyncio.run(_create_topics(broker))
        yield broker


async def _create_topics(broker: SecuredKafka) -> None:
    """Every topic and dead-letter topic up front, as production's topic job does."""
    admin = KafkaBus(
        bootstrap_servers=broker.bootstrap,
        client_id=ADMIN,
        partitions=2,
        security=broker.security(ADMIN),
    )
    await admin.ensure_topics(list(events.TOPICS))


def _bus(broker: SecuredKafka, security: KafkaSecurity, name: str) -> KafkaBus:
    return KafkaBus(bootstrap_servers=broker.bootstrap, client_id=name, security=security)


def _message(topic: str, n: int = 0) -> OutgoingMessage:
    return OutgoingMessage.of(topic, events.wrap(state_changed("auth-key", n), source="/t"))


@pytest_asyncio.fixture
async def application_bus(secured: SecuredKafka) -> AsyncIterator[KafkaBus]:
    bus = _bus(secured, secured.security("application-service"), "application-service")
    await bus.start()
    yield bus
    await bus.stop()


async def test_a_service_publishes_its_own_topic_and_another_consumes_what_it_reads(
    secured: SecuredKafka, application_bus: KafkaBus
) -> None:
    received = Collector()
    notification = _bus(secured, secured.security("notification-service"), "notification")
    notification.subscribe([events.APPLICATION], received, group="notification-service")
    await notification.start()
    try:
        await application_bus.publish_batch([_message(events.APPLICATION, n) for n in range(3)])
        await eventually(lambda: len(received.deliveries) >= 3, within=60)
        assert {d.topic for d in received.deliveries} == {events.APPLICATION}
    finally:
        await notification.stop()


async def test_a_consumer_dead_letters_a_poison_message_under_its_acls(
    secured: SecuredKafka, application_bus: KafkaBus
) -> None:
    """The dead letter goes to the .dlq of what it reads: the plan grants it that write."""
    poisoned = Collector(fail_when=lambda delivery: True)
    notification = KafkaBus(
        bootstrap_servers=secured.bootstrap,
        client_id="notification",
        policy=RetryPolicy(max_attempts=1, initial_backoff=0.01),
        security=secured.security("notification-service"),
    )
    notification.subscribe([events.APPLICATION], poisoned, group="notification-service")
    dead = Collector()
    reader = _bus(secured, secured.security(ADMIN), "dlq-reader")
    reader.subscribe([dead_letter_topic(events.APPLICATION)], dead, group=unique("dlq"))
    await reader.start()
    await notification.start()
    try:
        await application_bus.publish_batch([_message(events.APPLICATION, 99)])
        await eventually(lambda: len(dead.deliveries) >= 1, within=60)
    finally:
        await notification.stop()
        await reader.stop()


async def test_a_service_may_not_write_another_services_topic(secured: SecuredKafka) -> None:
    assert events.APPLICATION not in PLAN["notification-service"].writes
    bus = _bus(secured, secured.security("notification-service"), "notification")
    await bus.start()
    try:
        await bus.publish_batch([_message(events.NOTIFICATION)])  # its own: fine
        with pytest.raises(TopicAuthorizationFailedError):
            await bus.publish_batch([_message(events.APPLICATION)])
    finally:
        await bus.stop()


async def test_a_service_may_not_read_a_topic_it_does_not_consume(secured: SecuredKafka) -> None:
    assert events.STATUS not in PLAN["notification-service"].reads
    consumer = _consumer(secured, "notification-service", group="notification-service")
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await consumer.start()
    finally:
        await consumer.stop()


async def test_a_service_may_not_join_another_services_group(secured: SecuredKafka) -> None:
    consumer = _consumer(secured, "notification-service", group="status-service")
    try:
        with pytest.raises(GroupAuthorizationFailedError):
            await consumer.start()
            await consumer.getmany(timeout_ms=10_000)
    finally:
        await consumer.stop()


def _consumer(secured: SecuredKafka, user: str, *, group: str) -> AIOKafkaConsumer:
    topic = events.STATUS if group == user else events.APPLICATION
    return AIOKafkaConsumer(
        topic,
        bootstrap_servers=secured.bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        **secured.security(user).client_options(),
    )


@pytest.mark.parametrize(
    "who",
    ["no credentials over TLS", "plaintext", "wrong password", "unknown user"],
)
async def test_the_broker_refuses_a_client_without_valid_credentials(
    secured: SecuredKafka,
    application_bus: KafkaBus,
    who: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    security = {
        "no credentials over TLS": lambda: secured.security(None),
        "plaintext": lambda: PLAINTEXT,
        "wrong password": lambda: secured.security("application-service", password="wrong"),
        "unknown user": lambda: secured.security("nobody", password="anything"),
    }[who]()
    bus = _bus(secured, security, "refused")
    with pytest.raises(KafkaConnectionError):
        await asyncio.wait_for(bus.start(), timeout=60)
    await bus.stop()
    if who in ("wrong password", "unknown user"):
        assert "SaslAuthenticationFailed" in caplog.text
    # Refused for what it presented: the broker answers a client with valid credentials.
    await application_bus.ping()


async def test_a_user_without_acls_may_do_nothing(secured: SecuredKafka) -> None:
    bus = _bus(secured, secured.security("intruder"), "intruder")
    with pytest.raises(ClusterAuthorizationFailedError):  # no idempotent producer id for it
        await bus.start()
    await bus.stop()
    plain = AIOKafkaProducer(
        bootstrap_servers=secured.bootstrap, **secured.security("intruder").client_options()
    )
    await plain.start()  # authenticated: it may connect, and that is all
    try:
        for topic in events.TOPICS:
            with pytest.raises(TopicAuthorizationFailedError):
                await plain.send_and_wait(topic, b"{}", key=b"k")
    finally:
        await plain.stop()


async def test_the_passport_saga_passes_with_each_services_own_credentials(
    secured: SecuredKafka,
    postgres_databases: Callable[[], Awaitable[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with platform(
        application_db=await postgres_databases(),
        inquiry_db=await postgres_databases(),
        application_only=secured.settings("application-service"),
        inquiry_only=secured.settings("inquiry-service"),
    ) as window:
        await decide_three_passports(window)
    logged = caplog.text
    # The services' own log lines are here: the topics their ACLs keep them from creating.
    assert "topics not created here" in logged
    for user in ("application-service", "inquiry-service"):
        assert secured.users[user] not in logged, f"{user}'s password is in the log"
