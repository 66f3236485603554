"""All SQL of the SMS half: the consumer's set-based inserts, the sender's lease and updates,
delivery receipts and the sandbox's outbox of "sent" messages."""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.sms import domain, ports
from notification_service.sms.models import sms_confirmations, sms_messages, sms_sandbox_messages
from panjereh.db.engine import as_utc, maybe_utc

_FINAL_BY_RECEIPT = ("delivered", "failed")


class SqlSmsStore(ports.SmsStore):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._confirmations: list[dict[str, Any]] = []
        self._messages: list[dict[str, Any]] = []

    def queue_confirmation(self, confirmation: domain.Confirmation) -> None:
        self._confirmations.append(dataclasses.asdict(confirmation))

    def queue_message(self, message: domain.Message) -> None:
        self._messages.append(dataclasses.asdict(message))

    async def flush(self) -> int:
        """Confirmations first, then messages; each in one insert that keeps existing rows."""
        confirmations, self._confirmations = self._confirmations, []
        messages, self._messages = self._messages, []
        if confirmations:
            insert = self._insert(sms_confirmations).on_conflict_do_nothing(
                index_elements=["application_id"]
            )
            await self._session.execute(insert, confirmations)
        if not messages:
            return 0
        insert = (
            self._insert(sms_messages)
            .on_conflict_do_nothing(index_elements=["application_id", "state"])
            .returning(sms_messages.c.id)
        )
        return len((await self._session.execute(insert, messages)).all())

    async def lease_due(
        self, *, now: dt.datetime, until: dt.datetime, limit: int
    ) -> Sequence[domain.Message]:
        due = (
            sa.select(sms_messages)
            .where(
                sms_messages.c.status.in_(domain.DUE_STATUSES),
                sms_messages.c.next_attempt_at <= now,
            )
            .order_by(sms_messages.c.next_attempt_at, sms_messages.c.created_at)
            .limit(limit)
        )
        if self._postgres:
            due = due.with_for_update(skip_locked=True)
        rows = (await self._session.execute(due)).all()
        if rows:
            await self._session.execute(
                sa.update(sms_messages)
                .where(sms_messages.c.id.in_([row.id for row in rows]))
                .values(next_attempt_at=until)
            )
        return [_message(row) for row in rows]

    async def confirmations_of(
        self, application_ids: Iterable[str]
    ) -> Mapping[str, domain.Confirmation]:
        ids = sorted(set(application_ids))
        if not ids:
            return {}
        query = sa.select(sms_confirmations).where(sms_confirmations.c.application_id.in_(ids))
        return {
            row.application_id: _confirmation(row) for row in await self._session.execute(query)
        }

    async def save_confirmations(self, confirmations: Sequence[domain.Confirmation]) -> None:
        if not confirmations:
            return
        table = sms_confirmations
        statement = (
            sa.update(table)
            .where(table.c.application_id == sa.bindparam("b_application_id"))
            .values(
                outcome=sa.bindparam("b_outcome"),
                attempts=sa.bindparam("b_attempts"),
                checked_at=sa.bindparam("b_checked_at"),
                national_code_ciphertext=sa.bindparam("b_national_code_ciphertext"),
            )
        )
        rows = [_bound(c, "application_id", "outcome", "attempts", "checked_at",
                       "national_code_ciphertext") for c in confirmations]  # fmt: skip
        await self._session.execute(statement, rows)

    async def save_messages(self, messages: Sequence[domain.Message]) -> None:
        if not messages:
            return
        table = sms_messages
        statement = (
            sa.update(table)
            .where(
                table.c.id == sa.bindparam("b_id"),
                # Plain comparisons: an IN list cannot be a parameter of an executemany.
                *(table.c.status != final for final in _FINAL_BY_RECEIPT),
            )
            .values(
                status=sa.bindparam("b_status"),
                reason=sa.bindparam("b_reason"),
                provider_reference=sa.bindparam("b_provider_reference"),
                attempts=sa.bindparam("b_attempts"),
                next_attempt_at=sa.bindparam("b_next_attempt_at"),
                sent_at=sa.bindparam("b_sent_at"),
            )
        )
        rows = [_bound(m, "id", "status", "reason", "provider_reference", "attempts",
                       "next_attempt_at", "sent_at") for m in messages]  # fmt: skip
        await self._session.execute(statement, rows)

    async def receipt(
        self, *, reference: str, delivered: bool, at: dt.datetime
    ) -> domain.Message | None:
        table = sms_messages
        status = "delivered" if delivered else "failed"
        values: dict[str, Any] = {"status": status}
        if delivered:
            values["delivered_at"] = at
        else:
            values["reason"] = "the provider reported it undelivered"
        updated = (
            await self._session.execute(
                sa.update(table)
                .where(
                    table.c.id == reference,
                    table.c.status.in_(("sent", *domain.DUE_STATUSES, status)),
                )
                .values(**values)
                .returning(*table.c)
            )
        ).first()
        return _message(updated) if updated is not None else None

    async def sandbox_add(self, *, mobile: str, text: str, reference: str, at: dt.datetime) -> None:
        insert = self._insert(sms_sandbox_messages).on_conflict_do_nothing(
            index_elements=["reference"]
        )
        await self._session.execute(
            insert, [{"mobile": mobile, "text": text, "reference": reference, "sent_at": at}]
        )

    async def sandbox_page(
        self, *, mobile: str, after_seq: int, limit: int
    ) -> Sequence[ports.SandboxMessage]:
        table = sms_sandbox_messages
        query = (
            sa.select(table)
            .where(table.c.mobile == mobile, table.c.seq > after_seq)
            .order_by(table.c.seq)
            .limit(limit)
        )
        return [
            ports.SandboxMessage(
                seq=row.seq,
                mobile=row.mobile,
                text=row.text,
                reference=row.reference,
                sent_at=as_utc(row.sent_at),
            )
            for row in await self._session.execute(query)
        ]

    @property
    def _postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

    def _insert(self, table: sa.Table) -> Any:
        """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
        return (postgresql if self._postgres else sqlite).insert(table)


def _bound(item: object, *names: str) -> dict[str, Any]:
    """`item`'s fields as the `b_`-prefixed parameters of an executemany UPDATE (a bare
    column name as a parameter collides with the column in SQLAlchemy's UPDATE)."""
    return {f"b_{name}": getattr(item, name) for name in names}


def _message(row: Any) -> domain.Message:
    return domain.Message(
        id=row.id,
        application_id=row.application_id,
        tracking_code=row.tracking_code,
        state=row.state,
        template=row.template,
        text=row.text,
        status=row.status,
        next_attempt_at=as_utc(row.next_attempt_at),
        created_at=as_utc(row.created_at),
        attempts=row.attempts,
        reason=row.reason,
        provider_reference=row.provider_reference,
        sent_at=maybe_utc(row.sent_at),
        delivered_at=maybe_utc(row.delivered_at),
    )


def _confirmation(row: Any) -> domain.Confirmation:
    return domain.Confirmation(
        application_id=row.application_id,
        tracking_code=row.tracking_code,
        mobile_ciphertext=row.mobile_ciphertext,
        mobile_masked=row.mobile_masked,
        national_code_ciphertext=row.national_code_ciphertext,
        outcome=row.outcome,
        created_at=as_utc(row.created_at),
        attempts=row.attempts,
        checked_at=maybe_utc(row.checked_at),
    )
