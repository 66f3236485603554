"""Generate the AsyncAPI 3.0 document of Panjereh's topics and messages from the catalogue.

The send and receive operations of each service come from the services themselves
(panjereh_embedded.event_map, which `make asyncapi` runs and passes here); a test fails when
the committed document is not what they generate.
"""

from pathlib import Path
from typing import Any

import yaml
from pydantic.json_schema import models_json_schema

from panjereh.events import envelope, registry, topics

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "asyncapi.yaml"


def _message_name(event: type[envelope.Event]) -> str:
    return event.__name__


def build(operations: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the AsyncAPI document as plain data, with the services' operations if given."""
    _, schemas = models_json_schema(
        [(event, "serialization") for event in registry.ALL]
        + [(envelope.CloudEvent, "serialization")],
        ref_template="#/components/schemas/{model}",
    )
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    for topic, description in topics.TOPICS.items():
        channel_messages = {}
        for event in (e for e in registry.ALL if e.topic == topic):
            name = _message_name(event)
            messages[name] = {
                "name": event.type,
                "title": name,
                "summary": (event.__doc__ or "").strip(),
                "contentType": envelope.CONTENT_TYPE,
                "payload": {
                    "allOf": [
                        {"$ref": "#/components/schemas/CloudEvent"},
                        {
                            "properties": {
                                "type": {"const": event.type},
                                "data": {"$ref": f"#/components/schemas/{name}"},
                            }
                        },
                    ]
                },
                "bindings": {"kafka": {"key": {"type": "string", "description": "partitionkey"}}},
            }
            channel_messages[name] = {"$ref": f"#/components/messages/{name}"}
        channels[topic] = {
            "address": topic,
            "description": description,
            "messages": channel_messages,
        }
        channels[topic + ".dlq"] = {
            "address": topic + ".dlq",
            "description": f"Dead letters of {topic}: the original message plus error headers.",
            "messages": {name: dict(ref) for name, ref in channel_messages.items()},
        }
    document = {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Panjereh events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 (structured JSON) exchanged between Panjereh's "
            "services over Apache Kafka. The envelope's `data` is the message payload; "
            "`partitionkey` is the Kafka key, so one application's events stay ordered.",
        },
        "defaultContentType": envelope.CONTENT_TYPE,
        "channels": channels,
        "components": {"messages": messages, "schemas": schemas["$defs"]},
    }
    if operations:
        document["operations"] = operations
    return document


def render(operations: dict[str, Any] | None = None) -> str:
    """Return the document as YAML text (stable key order, real Unicode)."""
    text: str = yaml.safe_dump(build(operations), sort_keys=True, allow_unicode=True, width=100)
    return text
