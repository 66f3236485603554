"""Trace propagation by hand where no instrumentation sees (panjereh.tracing): the emitting
span's traceparent in the outbox row, the relay's producer span in the message header, each
consumed message's span in its own trace (a batch mixing two traces keeps both), and with
tracing off the caller's traceparent still carried unchanged. SQLite and the in-process bus."""

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from panjereh import consumers, context, events, tracing
from panjereh.bus.base import Delivery
from panjereh.bus.memory import InMemoryBus
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.db.uow import UnitOfWork
from panjereh.outbox.relay import OutboxRelay
from tests.support import state_changed

CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use(provider)
    try:
        yield exporter
    finally:
        tracing.use(None)


@dataclass
class Downstream:
    """A consumer that notes the trace it handles each event in and emits a follow-up."""

    engine: AsyncEngine
    seen: list[tuple[str, str | None]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def table(self) -> consumers.HandlerTable[UnitOfWork]:
        table: consumers.HandlerTable[UnitOfWork] = consumers.HandlerTable()

        @table.on(events.ApplicationStateChanged)
        async def changed(
            event: events.ApplicationStateChanged, envelope: events.CloudEvent, uow: UnitOfWork
        ) -> None:
            self.seen.append((event.application_id, tracing.current_traceparent()))
            if event.reason != "echo":
                uow.emit(
                    state_changed(f"echo-{event.application_id}", 0).model_copy(
                        update={"reason": "echo"}
                    )
                )

        return table

    def uow(self) -> UnitOfWork:
        return UnitOfWork(db_engine.session_factory(self.engine), source="/test/downstream")

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        self.headers.extend(delivery.headers for delivery in batch)
        await consumers.consume(self.table(), consumer="downstream", uow_factory=self.uow)(batch)


async def _setup(url: str) -> tuple[AsyncEngine, OutboxRelay, Downstream]:
    engine = db_engine.create_engine(url)
    await migrations.upgrade(engine, "status_service.migrations")
    bus, downstream = InMemoryBus(), Downstream(engine)
    bus.subscribe([events.APPLICATION], downstream, group="downstream")
    await bus.start()
    return engine, OutboxRelay(engine, bus, service="traced"), downstream


async def _emit(engine: AsyncEngine, application_id: str) -> None:
    async with UnitOfWork(db_engine.session_factory(engine), source="/test/upstream") as uow:
        uow.emit(state_changed(application_id, 1))
        await uow.commit()


async def _row_traces(engine: AsyncEngine) -> dict[str, str | None]:
    async with engine.connect() as connection:
        rows = (await connection.execute(sa.text("SELECT payload FROM outbox ORDER BY id"))).all()
    envelopes = [json.loads(row.payload) for row in rows]
    return {e["data"]["application_id"]: e.get("traceparent") for e in envelopes}


def _trace_of(traceparent: str | None) -> str:
    assert traceparent is not None
    return traceparent.split("-")[1]


def _named(exported: Sequence[ReadableSpan], prefix: str) -> list[ReadableSpan]:
    return [span for span in exported if span.name.startswith(prefix)]


@pytest.mark.asyncio
async def test_one_trace_from_the_emitting_span_through_the_outbox_and_the_bus(
    sqlite_url: str, spans: InMemorySpanExporter
) -> None:
    engine, relay, downstream = await _setup(sqlite_url)
    try:
        tracer = trace.get_tracer("test", tracer_provider=tracing._provider)
        with tracer.start_as_current_span("submit") as submit:
            await _emit(engine, "app-1")
        root = submit.get_span_context()
        row = (await _row_traces(engine))["app-1"]
        assert row is not None
        assert row.startswith(f"00-{root.trace_id:032x}-{root.span_id:016x}-")  # the row keeps it

        await relay.relay_once()  # publishes app-1; downstream applies it and emits its echo
        await relay.relay_once()  # publishes the echo; downstream applies it

        exported = spans.get_finished_spans()
        [publish, _] = _named(exported, "publish")
        assert publish.parent is not None and publish.parent.span_id == root.span_id
        header = downstream.headers[0][tracing.HEADER]
        assert header.startswith(f"00-{root.trace_id:032x}-{publish.context.span_id:016x}-")
        first, echo = _named(exported, "apply")
        assert first.parent is not None and first.parent.span_id == publish.context.span_id
        assert {span.context.trace_id for span in (first, echo)} == {root.trace_id}
        [batch, _] = _named(exported, "consume")
        assert [link.context.span_id for link in first.links] == [batch.context.span_id]
        assert [link.context.span_id for link in batch.links] == [publish.context.span_id]
        # The echo was emitted in the apply span: its row continues the same trace.
        assert _trace_of((await _row_traces(engine))["echo-app-1"]) == f"{root.trace_id:032x}"
    finally:
        await engine.dispose()


@pytest.mark.asyncio
async def test_a_batch_of_two_traces_keeps_each_message_in_its_own(
    sqlite_url: str, spans: InMemorySpanExporter
) -> None:
    engine, relay, downstream = await _setup(sqlite_url)
    try:
        tracer = trace.get_tracer("test", tracer_provider=tracing._provider)
        roots = {}
        for application_id in ("app-a", "app-b"):
            with tracer.start_as_current_span(f"submit {application_id}") as span:
                await _emit(engine, application_id)
            roots[application_id] = f"{span.get_span_context().trace_id:032x}"
        assert await relay.relay_once() == 2  # one batch, one transaction downstream
        assert {app: _trace_of(parent) for app, parent in downstream.seen} == roots
        [batch] = _named(spans.get_finished_spans(), "consume")
        assert {f"{link.context.trace_id:032x}" for link in batch.links} == set(roots.values())
        assert batch.attributes is not None
        assert batch.attributes["messaging.batch.message_count"] == 2
    finally:
        await engine.dispose()


@pytest.mark.asyncio
async def test_tracing_off_carries_the_callers_traceparent_and_adds_no_header(
    sqlite_url: str,
) -> None:
    engine, relay, downstream = await _setup(sqlite_url)
    try:
        token = context.traceparent.set(CALLER)
        try:
            await _emit(engine, "app-off")
        finally:
            context.traceparent.reset(token)
        await relay.relay_once()
        assert downstream.headers and all(tracing.HEADER not in h for h in downstream.headers)
        assert downstream.seen == [("app-off", CALLER)]
        assert (await _row_traces(engine))["echo-app-off"] == CALLER
    finally:
        await engine.dispose()


def test_the_envelopes_own_traceparent_is_read_not_one_inside_its_data() -> None:
    planted = "00-" + "1" * 32 + "-" + "2" * 16 + "-01"
    envelope = events.wrap(
        state_changed("app-1", 1).model_copy(update={"reason": f'"traceparent":"{planted}"'}),
        source="/test",
        traceparent=CALLER,
    )
    assert tracing.envelope_traceparent(envelope.to_json()) == CALLER
    bare = events.wrap(
        state_changed("app-1", 1).model_copy(update={"reason": f'"traceparent":"{planted}"'}),
        source="/test",
    )
    assert tracing.envelope_traceparent(bare.to_json()) is None


@pytest.mark.parametrize(
    "value", [None, "", "garbage", "00-" + "g" * 32 + "-" + "1" * 16 + "-01", CALLER + "x"]
)
def test_a_malformed_traceparent_starts_no_trace_of_its_own(value: str | None) -> None:
    assert tracing.parent_of(value) is None


def test_off_by_default() -> None:
    from panjereh.settings import ServiceSettings

    settings = ServiceSettings()
    assert not tracing.wanted(settings)
    tracing.configure(settings)
    assert not tracing.on()


@pytest.mark.asyncio
async def test_sql_statements_are_spans_under_the_current_one(
    sqlite_url: str, spans: InMemorySpanExporter
) -> None:
    # SQLAlchemy 2.1 is past the instrumentation's declared range: this is what shows that
    # it still instruments it (the kit skips its version check).
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    from panjereh.settings import ServiceSettings

    engine = db_engine.create_engine(sqlite_url)
    tracing.instrument_engine(engine, ServiceSettings(trace_file=None, trace_otlp_endpoint="x"))
    try:
        tracer = trace.get_tracer("test", tracer_provider=tracing._provider)
        with tracer.start_as_current_span("request") as request:
            async with engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        [statement] = [s for s in spans.get_finished_spans() if s.name.startswith("SELECT")]
        assert statement.parent is not None
        assert statement.parent.span_id == request.get_span_context().span_id
    finally:
        SQLAlchemyInstrumentor().uninstrument()
        await engine.dispose()
