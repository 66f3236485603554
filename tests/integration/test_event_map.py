"""The event map (who sends and who hears each event) against the committed documents and
the Kafka ACL plan: every service started on SQLite with an in-process bus that keeps its
handlers (panjereh_embedded.event_map). A handler or an emitted event added without
`make asyncapi` fails here."""

import asyncio
from pathlib import Path

import pytest
import yaml

from panjereh import events
from panjereh.bus import acl
from panjereh.events import asyncapi
from panjereh_embedded import event_map


@pytest.fixture(scope="module")
def mapped() -> event_map.Flow:
    return asyncio.run(event_map.flow())


def test_the_committed_asyncapi_operations_are_the_services_own(
    mapped: event_map.Flow,
) -> None:
    committed = Path(asyncapi.DEFAULT_PATH).read_text(encoding="utf-8")
    assert committed == asyncapi.render(event_map.operations(mapped)), "run `make asyncapi`"


def test_the_architecture_documents_map_is_current(mapped: event_map.Flow) -> None:
    committed = event_map.ARCHITECTURE.read_text(encoding="utf-8")
    assert event_map.architecture_section(mapped) in committed, "run `make asyncapi`"


def test_every_operation_names_a_channel_and_message_of_the_document(
    mapped: event_map.Flow,
) -> None:
    document = yaml.safe_load(asyncapi.render(event_map.operations(mapped)))
    for name, operation in document["operations"].items():
        channel = operation["channel"]["$ref"].removeprefix("#/channels/")
        assert channel in document["channels"], name
        [message] = operation["messages"]
        topic, _, message_name = message["$ref"].removeprefix("#/channels/").partition("/messages/")
        assert topic == channel and message_name in document["channels"][topic]["messages"]


def test_the_map_agrees_with_the_kafka_acl_plan(mapped: event_map.Flow) -> None:
    """What a service sends is what it may write; what it hears lies in what it may read."""
    assert set(mapped.sends) == set(acl.PLAN) == set(mapped.hears)
    for service, grant in acl.PLAN.items():
        assert {kind.topic for kind in mapped.sends[service]} == grant.writes, service
        assert {kind.topic for kind in mapped.hears[service]} <= grant.reads, service


def test_every_event_heard_has_a_sender_unless_it_is_an_older_version(
    mapped: event_map.Flow,
) -> None:
    current = {kind.type.rsplit(".", 1)[0] for kind in events.registry.ALL if mapped.senders(kind)}
    for kind in events.registry.ALL:
        if mapped.hearers(kind) and not mapped.senders(kind):
            # Read so that events already on the topic still apply; no one writes it now.
            assert kind.type.rsplit(".", 1)[0] in current, kind.type


def test_the_map_reads_the_services_real_handlers(mapped: event_map.Flow) -> None:
    """Not an empty map that would trivially equal an empty document."""
    assert events.EvidenceRequested in mapped.hears["inquiry-service"]
    assert events.ApplicationSubmitted in mapped.sends["application-service"]
    assert events.ApplicationSubmitted in mapped.hears["notification-service"]  # via Together
    assert mapped.sends["compliance-service"] == frozenset()
