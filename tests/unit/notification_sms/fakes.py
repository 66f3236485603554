"""In-memory SMS storage, provider and Shahkar for the SMS half's unit tests (no I/O)."""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from notification_service.sms import domain, ports
from notification_service.sms.providers import ProviderError, ProviderReceipt
from notification_service.sms.uow import SmsUnitOfWork
from tests.fakes import FakeUnitOfWork


class InMemorySmsStore(ports.SmsStore):
    def __init__(self) -> None:
        self.confirmations: dict[str, domain.Confirmation] = {}
        self.messages: dict[str, domain.Message] = {}  # by id, in the order inserted
        self.sandbox: list[ports.SandboxMessage] = []
        self._queued_confirmations: list[domain.Confirmation] = []
        self._queued_messages: list[domain.Message] = []

    def queue_confirmation(self, confirmation: domain.Confirmation) -> None:
        self._queued_confirmations.append(confirmation)

    def queue_message(self, message: domain.Message) -> None:
        self._queued_messages.append(message)

    async def flush(self) -> int:
        for confirmation in self._queued_confirmations:
            self.confirmations.setdefault(confirmation.application_id, confirmation)
        taken = {(m.application_id, m.state) for m in self.messages.values()}
        new = 0
        for message in self._queued_messages:
            if (message.application_id, message.state) not in taken:
                taken.add((message.application_id, message.state))
                self.messages[message.id] = message
                new += 1
        self._queued_confirmations, self._queued_messages = [], []
        return new

    async def lease_due(
        self, *, now: dt.datetime, until: dt.datetime, limit: int
    ) -> Sequence[domain.Message]:
        due = sorted(
            (
                m
                for m in self.messages.values()
                if m.status in domain.DUE_STATUSES and m.next_attempt_at <= now
            ),
            key=lambda m: (m.next_attempt_at, m.created_at),
        )[:limit]
        for message in due:
            self.messages[message.id] = dataclasses.replace(message, next_attempt_at=until)
        return due

    async def confirmations_of(
        self, application_ids: Iterable[str]
    ) -> Mapping[str, domain.Confirmation]:
        return {a: self.confirmations[a] for a in application_ids if a in self.confirmations}

    async def save_confirmations(self, confirmations: Sequence[domain.Confirmation]) -> None:
        for confirmation in confirmations:
            self.confirmations[confirmation.application_id] = confirmation

    async def save_messages(self, messages: Sequence[domain.Message]) -> None:
        for message in messages:
            if self.messages[message.id].status not in ("delivered", "failed"):
                self.messages[message.id] = message

    async def receipt(
        self, *, reference: str, delivered: bool, at: dt.datetime
    ) -> domain.Message | None:
        message = self.messages.get(reference)
        if message is None:
            return None
        status: domain.MessageStatus = "delivered" if delivered else "failed"
        self.messages[reference] = dataclasses.replace(message, status=status, delivered_at=at)
        return self.messages[reference]

    async def sandbox_add(self, *, mobile: str, text: str, reference: str, at: dt.datetime) -> None:
        self.sandbox.append(
            ports.SandboxMessage(len(self.sandbox) + 1, mobile, text, reference, at)
        )

    async def sandbox_page(
        self, *, mobile: str, after_seq: int, limit: int
    ) -> Sequence[ports.SandboxMessage]:
        return [m for m in self.sandbox if m.mobile == mobile and m.seq > after_seq][:limit]


class FakeSmsUnitOfWork(FakeUnitOfWork, SmsUnitOfWork):
    """One store shared by every unit of work a test makes (the fake's "database")."""

    def __init__(self, store: InMemorySmsStore) -> None:
        super().__init__()
        self.sms = store


class Units:
    """A unit-of-work factory over one store, keeping what every unit of work emitted."""

    def __init__(self) -> None:
        self.store = InMemorySmsStore()
        self.made: list[FakeSmsUnitOfWork] = []

    def __call__(self) -> FakeSmsUnitOfWork:
        uow = FakeSmsUnitOfWork(self.store)
        self.made.append(uow)
        return uow

    @property
    def emitted(self) -> list[object]:
        return [event for uow in self.made for event in uow.emitted]


class FakeProvider:
    """Takes every message, unless told to fail the next ones."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []  # (to, text, reference)
        self.failures: list[ProviderError] = []

    async def send(self, to: str, text: str, *, reference: str) -> ProviderReceipt:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((to, text, reference))
        return ProviderReceipt(provider_reference=f"p-{reference}")

    async def aclose(self) -> None:
        """Nothing held."""


class FakeShahkar:
    """Answers from a table of (national code, mobile) → outcome; confirmed otherwise."""

    def __init__(self, answers: dict[tuple[str, str], domain.Outcome] | None = None) -> None:
        self.answers = answers or {}
        self.asked: list[tuple[str, str]] = []

    async def confirm(self, *, national_code: str, mobile: str) -> domain.Outcome:
        self.asked.append((national_code, mobile))
        return self.answers.get((national_code, mobile), "confirmed")

    async def aclose(self) -> None:
        """Nothing held."""
