"""The event bus: one small interface, a Kafka implementation and an in-process one."""

from panjereh.bus.base import Delivery, Handler, MessageBus, OutgoingMessage, RetryPolicy

__all__ = ["Delivery", "Handler", "MessageBus", "OutgoingMessage", "RetryPolicy"]
