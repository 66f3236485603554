import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from panjereh import events
from panjereh.events import asyncapi

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


def _submitted() -> events.ApplicationSubmitted:
    return events.ApplicationSubmitted(
        application_id="app-1",
        tracking_code="123456789012",
        service_id="svc-1",
        agency_id="agency-1",
        national_code="0499370899",
        submitted_at=NOW,
        sla_due_at=NOW + dt.timedelta(hours=48),
        required_evidence=("national-id-card", "birth-certificate"),
    )


def test_every_event_type_is_namespaced_versioned_and_unique() -> None:
    types = [event.type for event in events.ALL]
    assert len(set(types)) == len(types)
    for event_type in types:
        assert event_type.startswith("ir.gov.panjereh.")
        assert re.fullmatch(r".*\.v[1-9][0-9]*", event_type), event_type


def test_every_event_names_a_known_topic() -> None:
    assert {event.topic for event in events.ALL} == set(events.TOPICS)


def test_envelope_round_trips_and_unwraps_to_the_same_event() -> None:
    event = _submitted()
    envelope = events.wrap(event, source="/panjereh/application-service", request_id="req-1")
    again = events.CloudEvent.from_json(envelope.to_json())
    assert again == envelope
    assert again.specversion == "1.0"
    assert again.type == "ir.gov.panjereh.application.submitted.v1"
    assert again.partitionkey == again.subject == "app-1"
    assert again.requestid == "req-1"
    assert events.unwrap(again) == event


def test_events_are_frozen_and_refuse_unknown_fields() -> None:
    event = _submitted()
    with pytest.raises(ValidationError):
        event.tracking_code = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        events.ApplicationSubmitted(**event.model_dump(), surprise=True)


def test_unknown_event_types_are_reported() -> None:
    envelope = events.CloudEvent(
        source="/x", type="ir.gov.panjereh.nope.v1", data={}, partitionkey="k"
    )
    with pytest.raises(events.UnknownEventType):
        events.unwrap(envelope)


def test_committed_asyncapi_channels_and_messages_are_current() -> None:
    """The operations come from the running services (tests/integration/test_event_map.py)."""
    committed = yaml.safe_load(Path(asyncapi.DEFAULT_PATH).read_text(encoding="utf-8"))
    committed.pop("operations", None)
    assert committed == asyncapi.build(), "run `make asyncapi` and commit shared/asyncapi.yaml"


def test_asyncapi_lists_every_message_on_its_topic_and_dead_letter_topic() -> None:
    document = asyncapi.build()
    assert document["asyncapi"].startswith("3.")
    for event in events.ALL:
        name = event.__name__
        assert document["components"]["messages"][name]["name"] == event.type
        assert name in document["channels"][event.topic]["messages"]
        assert name in document["channels"][event.topic + ".dlq"]["messages"]
        assert name in document["components"]["schemas"]
