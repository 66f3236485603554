"""OpenTelemetry traces: one application's journey, across every service, as one trace.

Off unless a service's settings name an exporter (`trace_otlp_endpoint` or `trace_file`):
then no tracer provider is ever set, the OpenTelemetry API's calls are its no-ops, and no
instrumentation is installed. On, the process gets one provider (the first service to start
in a process names it), FastAPI's and aiohttp's instrumentations give the HTTP spans (the
incoming `traceparent` honoured), SQLAlchemy's one span per statement (`trace_sql`), and the
hops the instrumentations cannot see are carried by hand with the W3C propagator:

- `uow.emit` stamps the current span's `traceparent` into the event's envelope, which the
  outbox row holds (`current_traceparent`);
- the relay publishes each row under a producer span, child of the row's trace context, and
  sends that span's `traceparent` as a message header (`publishing`): aiokafka's own
  instrumentation would stamp the relay's ambient context on every message of a batch, and
  a batch mixes rows of many traces;
- a consumer applies a batch in one transaction, so each message gets its own consumer span,
  child of the producer span its header names (the application's trace stays one trace),
  and linked to the batch's span, which holds the shared work (inbox claim, loads, commit)
  and links back to every message (`batch`, `applying`).
"""

import contextlib
import logging
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Link, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from panjereh import context

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.ext.asyncio import AsyncEngine

    from panjereh.settings import ServiceSettings

log = logging.getLogger(__name__)

HEADER = "traceparent"
REQUEST_ID_ATTRIBUTE = "panjereh.request_id"
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
_propagator = TraceContextTextMapPropagator()
_provider: Any = None  # the SDK provider spans go to; None: tracing is off
_tracer: trace.Tracer = trace.NoOpTracer()


def wanted(settings: "ServiceSettings") -> bool:
    return bool(settings.trace_otlp_endpoint or settings.trace_file)


def on() -> bool:
    """Whether this process exports spans (checked before building anything per message)."""
    return _provider is not None


def configure(settings: "ServiceSettings") -> None:
    """Set this process's tracer provider and client instrumentation, once, if configured.

    Called in the lifespan (nothing at import) and before the HTTP client sessions are made:
    aiohttp's instrumentation hooks sessions as they are created.
    """
    if _provider is not None or not wanted(settings):
        return
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    provider = TracerProvider(
        resource=Resource.create({"service.name": settings.service_name}),
        sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_ratio)),
    )
    for processor in _processors(settings):
        provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)  # the instrumentations' (global: once a process)
    use(provider)
    AioHttpClientInstrumentor().instrument(tracer_provider=provider)
    log.info("tracing on: %s", settings.trace_otlp_endpoint or settings.trace_file)


def _processors(settings: "ServiceSettings") -> list[Any]:
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    processors: list[Any] = []
    if settings.trace_otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        processors.append(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.trace_otlp_endpoint))
        )
    if settings.trace_file:
        # One JSON object a line, appended: several processes may share a directory.
        out = open(settings.trace_file, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
        exporter = ConsoleSpanExporter(
            out=out, formatter=lambda span: span.to_json(indent=None) + "\n"
        )
        processors.append(BatchSpanProcessor(exporter, schedule_delay_millis=500))
    return processors


def use(provider: Any) -> None:
    """Send the kit's own spans to `provider` (a test's, with an in-memory exporter); None
    turns them off."""
    global _provider, _tracer
    _provider = provider
    _tracer = provider.get_tracer("panjereh") if provider is not None else trace.NoOpTracer()


def flush() -> None:
    """Export what is queued (a service's lifespan ends; the provider flushes at exit too)."""
    if _provider is not None:
        _provider.force_flush()


def instrument_app(app: "FastAPI", settings: "ServiceSettings") -> None:
    """Server spans for every request (outside every middleware), if tracing is configured."""
    if not wanted(settings):
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    # No span per ASGI message (receive/send): two extra spans a request, for nothing an
    # operator reads; probes and scrapes are not traced.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="/health,/metrics", exclude_spans=["receive", "send"]
    )


def instrument_engine(engine: "AsyncEngine", settings: "ServiceSettings") -> None:
    if not (wanted(settings) and settings.trace_sql):
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    # Its declared range stops below SQLAlchemy 2.1, which it instruments all the same (the
    # core events it hooks are unchanged): tests/unit/test_tracing.py checks it does.
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine,
        enable_commenter=False,
        skip_dep_check=True,
        tracer_provider=_provider,
    )


def current_traceparent() -> str | None:
    """The current span's W3C traceparent; without one, the caller's (context.traceparent)."""
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        return _format(span_context)
    return context.traceparent.get()


def _format(span_context: trace.SpanContext) -> str:
    return (
        f"00-{span_context.trace_id:032x}-{span_context.span_id:016x}-"
        f"{int(span_context.trace_flags):02x}"
    )


def parent_of(traceparent: str | None) -> otel_context.Context | None:
    """The context a W3C traceparent names (None for none or a malformed one)."""
    if not traceparent or not _TRACEPARENT.match(traceparent):
        return None
    return _propagator.extract({HEADER: traceparent})


def request_id(value: str) -> None:
    """Keep the request id (the edge's, echoed) on the request's server span."""
    if _provider is not None:  # every request passes here: nothing to do when tracing is off
        trace.get_current_span().set_attribute(REQUEST_ID_ATTRIBUTE, value)


def envelope_traceparent(payload: bytes) -> str | None:
    """The `traceparent` of an outbox row's envelope, without decoding the whole event.

    The envelope's JSON ends with its own attributes after `data`, and a quote inside `data`
    is escaped, so the last `"traceparent":"` is the envelope's own.
    """
    marker = b'"traceparent":"'
    at = payload.rfind(marker)
    if at < 0:
        return None
    start = at + len(marker)
    value = payload[start : start + 55].decode("latin-1")
    return value if _TRACEPARENT.match(value) else None


@contextlib.contextmanager
def publishing(
    topics: Sequence[str], traceparents: Sequence[str | None]
) -> Iterator[list[str | None]]:
    """Producer spans for a batch of messages, each under its row's trace; yields the
    `traceparent` header each message carries (None where tracing is off)."""
    if not on():
        yield [None] * len(topics)
        return
    spans = [
        _tracer.start_span(
            f"publish {topic}",
            context=parent_of(parent),
            kind=SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": topic},
        )
        for topic, parent in zip(topics, traceparents, strict=True)
    ]
    try:
        yield [_format(span.get_span_context()) for span in spans]
    finally:
        for span in spans:
            span.end()


Span = trace.Span


@contextlib.contextmanager
def batch(consumer: str, parents: Sequence[str | None]) -> Iterator[Span | None]:
    """The span of one batch's transaction, linked to every message it applies."""
    if not on():
        yield None
        return
    links = [
        Link(trace.get_current_span(ctx).get_span_context())
        for ctx in map(parent_of, parents)
        if ctx is not None
    ]
    with _tracer.start_as_current_span(
        f"consume {consumer}",
        kind=SpanKind.INTERNAL,
        links=links,
        attributes={
            "messaging.consumer.group.name": consumer,
            "messaging.batch.message_count": len(parents),
        },
    ) as span:
        yield span


@contextlib.contextmanager
def applying(name: str, parent: str | None, *, batch: Span | None = None) -> Iterator[None]:
    """One message's span in a batch: child of the message's own trace, linked to the batch."""
    if not on():
        with _carried(parent):
            yield
        return
    links = [Link(batch.get_span_context())] if batch is not None else []
    with _tracer.start_as_current_span(
        name, context=parent_of(parent), kind=SpanKind.CONSUMER, links=links
    ):
        yield


@contextlib.contextmanager
def continuing(name: str, traceparent: str | None) -> Iterator[None]:
    """A span under a trace kept in a row (the inquiry's queued requests), if tracing is on."""
    if not on():
        with _carried(traceparent):
            yield
        return
    with _tracer.start_as_current_span(name, context=parent_of(traceparent)):
        yield


@contextlib.contextmanager
def _carried(traceparent: str | None) -> Iterator[None]:
    """Tracing off: what is emitted here still carries the trace it continues, unchanged."""
    token = context.traceparent.set(traceparent)
    try:
        yield
    finally:
        context.traceparent.reset(token)
