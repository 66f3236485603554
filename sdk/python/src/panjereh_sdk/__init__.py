"""Panjereh's Python SDK: `Panjereh` wraps the generated client `panjereh_api` (made by
`make sdk` from the gateway's OpenAPI document) with the token, Idempotency-Key, 429/503
retries after Retry-After, ETag and long polling, and typed errors (`ApiError`)."""

from panjereh_sdk.client import SETTLED, Panjereh, StatusPoll, ascii_digits
from panjereh_sdk.errors import ApiError, FieldError
from panjereh_sdk.retries import RetryingTransport, RetryPolicy, RetryStats, retry_after
from panjereh_sdk.tokens import ClientCredentials

__all__ = [
    "SETTLED",
    "ApiError",
    "ClientCredentials",
    "FieldError",
    "Panjereh",
    "RetryPolicy",
    "RetryStats",
    "RetryingTransport",
    "StatusPoll",
    "ascii_digits",
    "retry_after",
]
