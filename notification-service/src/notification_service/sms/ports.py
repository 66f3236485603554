"""What the SMS handlers, the sender and the routes ask of storage (SQL in repository.py,
in memory in the unit tests' fakes), so mypy checks both."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from notification_service.sms import domain


@dataclass(frozen=True)
class SandboxMessage:
    seq: int
    mobile: str
    text: str
    reference: str
    sent_at: dt.datetime


class SmsStore(Protocol):
    def queue_confirmation(self, confirmation: domain.Confirmation) -> None:
        """Remember whom to write to (written at flush; a repeat keeps the first)."""

    def queue_message(self, message: domain.Message) -> None:
        """A new message (written at flush; one per application and state, the first wins)."""

    async def flush(self) -> int:
        """Write what was queued, set-based; how many messages were new."""

    async def lease_due(
        self, *, now: dt.datetime, until: dt.datetime, limit: int
    ) -> Sequence[domain.Message]:
        """Up to `limit` messages due by `now`, oldest first, kept from other senders until
        `until` (locked and skipped by concurrent senders on PostgreSQL)."""

    async def confirmations_of(
        self, application_ids: Iterable[str]
    ) -> Mapping[str, domain.Confirmation]: ...

    async def save_confirmations(self, confirmations: Sequence[domain.Confirmation]) -> None:
        """Write Shahkar's answers (outcome, attempts, checked_at, the erased national code)."""

    async def save_messages(self, messages: Sequence[domain.Message]) -> None:
        """Write where each message stands, unless a receipt already said (delivered/failed)."""

    async def receipt(
        self, *, reference: str, delivered: bool, at: dt.datetime
    ) -> domain.Message | None:
        """A provider's delivery receipt for our message `reference`; None if unknown."""

    async def sandbox_add(self, *, mobile: str, text: str, reference: str, at: dt.datetime) -> None:
        """Keep what the sandbox "sent" (a resend of one reference keeps one)."""

    async def sandbox_page(
        self, *, mobile: str, after_seq: int, limit: int
    ) -> Sequence[SandboxMessage]: ...
