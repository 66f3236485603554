"""The CloudEvents 1.0 envelope every event travels in (structured JSON mode)."""

import datetime as dt
import uuid
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

TYPE_PREFIX = "ir.gov.panjereh."
CONTENT_TYPE = "application/cloudevents+json"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Event(BaseModel):
    """A past-tense fact with ids and values only. Subclasses name their type and topic."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ClassVar[str]
    topic: ClassVar[str]

    @property
    def key(self) -> str:
        """The partition key: one aggregate's events stay in order."""
        raise NotImplementedError

    @property
    def subject(self) -> str | None:
        """What the event is about, for consumers that filter without parsing data."""
        return self.key


class CloudEvent(BaseModel):
    """CloudEvents 1.0 attributes plus the distributed-tracing and partitioning extensions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    subject: str | None = None
    time: dt.datetime = Field(default_factory=_now)
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]
    partitionkey: str
    traceparent: str | None = None
    requestid: str | None = None

    def to_json(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()

    @classmethod
    def from_json(cls, raw: bytes | str) -> "CloudEvent":
        return cls.model_validate_json(raw)


def wrap(
    event: Event,
    *,
    source: str,
    request_id: str | None = None,
    traceparent: str | None = None,
    time: dt.datetime | None = None,
) -> CloudEvent:
    """Put a domain event in its envelope."""
    return CloudEvent(
        source=source,
        type=event.type,
        subject=event.subject,
        time=time or _now(),
        data=event.model_dump(mode="json"),
        partitionkey=event.key,
        requestid=request_id,
        traceparent=traceparent,
    )
