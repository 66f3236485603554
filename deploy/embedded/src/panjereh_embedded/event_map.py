"""Who sends and who hears each event, read from the services themselves.

Senders: the event classes each service's code constructs (`events.X(...)`, which only its
outbox publishes). Receivers: the handler tables each service subscribes with, read from an
in-process bus while every service starts on SQLite. From that one source come the AsyncAPI
document's send/receive operations (shared/asyncapi.yaml) and the flow in
docs/architecture.md. Run `python -m panjereh_embedded.event_map` (or `make asyncapi`); a
test fails when either committed file is stale.
"""

import ast
import asyncio
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from panjereh import auth, consumers, events
from panjereh.bus.base import BatchHandler
from panjereh.bus.memory import InMemoryBus
from panjereh.events import asyncapi
from panjereh_embedded.app import _SERVICES

ROOT = Path(__file__).resolve().parents[4]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- event-map:begin -->", "<!-- event-map:end -->"
EVENT_CLASSES = {kind.__name__: kind for kind in events.registry.ALL}


@dataclass(frozen=True)
class Flow:
    """Per service (its name, e.g. `status-service`), the event classes it sends and hears."""

    sends: dict[str, frozenset[type[events.Event]]]
    hears: dict[str, frozenset[type[events.Event]]]

    def senders(self, kind: type[events.Event]) -> list[str]:
        return sorted(service for service, sent in self.sends.items() if kind in sent)

    def hearers(self, kind: type[events.Event]) -> list[str]:
        return sorted(service for service, heard in self.hears.items() if kind in heard)


def constructed(service: str) -> frozenset[type[events.Event]]:
    """The event classes a service's code constructs (`events.X(...)` anywhere in it)."""
    package = ROOT / service / "src" / service.replace("-", "_")
    found: set[type[events.Event]] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "events"
                and node.func.attr in EVENT_CLASSES
            ):
                found.add(EVENT_CLASSES[node.func.attr])
    return frozenset(found)


class _RecordingBus(InMemoryBus):
    """An in-process bus that keeps every subscription's handler by consumer group."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: dict[str, list[BatchHandler]] = {}

    def subscribe(self, topics: Sequence[str], handler: BatchHandler, *, group: str) -> None:
        self.handlers.setdefault(group, []).append(handler)
        super().subscribe(topics, handler, group=group)


async def heard() -> dict[str, frozenset[type[events.Event]]]:
    """The event classes each service's handler tables handle, every service started."""
    key = ec.generate_private_key(ec.SECP256R1())
    verifier = auth.TokenVerifier(auth.public_jwks(key, kid="event-map"))
    hears: dict[str, frozenset[type[events.Event]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, (factory, settings_class) in _SERVICES.items():
            settings = settings_class(database_url=f"sqlite+aiosqlite:///{folder}/{name}.db")
            bus = _RecordingBus()
            await bus.start()
            try:
                service = factory(settings, bus=bus, token_verifier=verifier)
                async with service.router.lifespan_context(service):
                    pass
            finally:
                await bus.stop()
            hears[settings.service_name] = frozenset(
                kind
                for handlers in bus.handlers.values()
                for handler in handlers
                for table in consumers.tables_of(handler)
                for kind in table.kinds
            )
    return hears


async def flow() -> Flow:
    hears = await heard()
    return Flow(sends={service: constructed(service) for service in hears}, hears=hears)


def operations(mapped: Flow) -> dict[str, object]:
    """AsyncAPI 3 operations: one per service and event it sends, and per event it hears."""
    found: dict[str, object] = {}
    for action, by_service in (("send", mapped.sends), ("receive", mapped.hears)):
        for service, kinds in sorted(by_service.items()):
            for kind in sorted(kinds, key=lambda k: k.__name__):
                found[f"{_camel(service)}{action.title()}s{kind.__name__}"] = {
                    "action": action,
                    "channel": {"$ref": f"#/channels/{kind.topic}"},
                    "messages": [{"$ref": f"#/channels/{kind.topic}/messages/{kind.__name__}"}],
                    "summary": f"{service} {action}s {kind.type}",
                    "tags": [{"name": service}],
                }
    return found


def _camel(service: str) -> str:
    head, *rest = service.split("-")
    return head + "".join(part.title() for part in rest)


def architecture_section(mapped: Flow) -> str:
    """The generated part of docs/architecture.md: a Mermaid flow and a table per event."""
    return "\n".join([BEGIN, *_mermaid(mapped), "", *_table(mapped), END])


def _mermaid(mapped: Flow) -> Iterator[str]:
    yield "```mermaid"
    yield "flowchart LR"
    edges: dict[tuple[str, str], list[str]] = {}
    for kind in events.registry.ALL:
        for sender in mapped.senders(kind):
            for hearer in mapped.hearers(kind):
                edges.setdefault((sender, hearer), []).append(kind.__name__)
    for (sender, hearer), names in sorted(edges.items()):
        label = "<br/>".join(sorted(names))
        yield f"  {_node(sender)} -->|{label}| {_node(hearer)}"
    yield "```"


def _node(service: str) -> str:
    return f"{_camel(service)}[{service}]"


def _table(mapped: Flow) -> Iterator[str]:
    yield "| event (CloudEvents `type`) | topic | sent by | heard by |"
    yield "| --- | --- | --- | --- |"
    for kind in sorted(events.registry.ALL, key=lambda k: (k.topic, k.type)):
        senders = ", ".join(mapped.senders(kind)) or "—"
        hearers = ", ".join(mapped.hearers(kind)) or "— (no consumer in the platform)"
        yield f"| `{kind.type}` | `{kind.topic}` | {senders} | {hearers} |"


def with_section(document: str, section: str) -> str:
    """The architecture document with its generated section replaced."""
    before, rest = document.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return before + section + after


async def write() -> None:
    mapped = await flow()
    asyncapi.DEFAULT_PATH.write_text(asyncapi.render(operations(mapped)), encoding="utf-8")
    current = ARCHITECTURE.read_text(encoding="utf-8")
    ARCHITECTURE.write_text(with_section(current, architecture_section(mapped)), encoding="utf-8")
    print(f"wrote {asyncapi.DEFAULT_PATH} and {ARCHITECTURE}")


def main() -> None:
    asyncio.run(write())


if __name__ == "__main__":
    main()
