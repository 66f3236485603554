"""The citizen's use cases: my views and my disputes.

My views: every application of mine, and every fetch of my data with the flags its facts call
for. The person is the token's national code, as the read model keys it (its keyed hash);
nothing here takes a person from the request.

Disputes: a person objects to one fetch of their data; the legal-basis office (and the
compliance operators, who read them) see each with the entry it disputes; the office answers,
and the person reads the answer in their access log. Each step is announced through the
outbox (citizen.dispute_opened, citizen.dispute_decided) and written to the log with the
person's code masked.
"""

import datetime as dt
import logging
import uuid

from panjereh import auth, events, identity
from panjereh.db.engine import as_utc
from panjereh.problems import ProblemError
from panjereh.runtime import Runtime
from panjereh.web.pagination import KeysetPosition, decode_cursor, encode_cursor
from status_service.citizen import domain, repository
from status_service.citizen.domain import Decision, Dispute
from status_service.citizen.schemas import (
    DisputeView,
    MyAccessEntry,
    MyAccessLog,
    MyApplication,
    MyApplications,
    OversightDispute,
    OversightDisputes,
)
from status_service.citizen.uow import CitizenUnitOfWork
from status_service.settings import StatusSettings

log = logging.getLogger(__name__)


def national_code_of(citizen: auth.Principal) -> str:
    """The signed-in person's national code (normalised; the gateway signed it)."""
    try:
        return identity.normalize_national_code(citizen.national_code or "")
    except identity.InvalidNationalCode:
        raise ProblemError(
            403,
            "citizen-token",
            "The citizen token does not name a valid national code.",
            "توکن شهروند کد ملی معتبری ندارد.",
        ) from None


def subject(runtime: Runtime[StatusSettings], national_code: str) -> str:
    settings = runtime.settings
    return settings.subject_of(national_code)


def position(cursor: str | None) -> tuple[dt.datetime, str] | None:
    """The cursor's (moment, id), validated (422 for one this API did not issue)."""
    found = decode_cursor(cursor, KeysetPosition)
    return (found.at.astimezone(dt.UTC), found.id) if found is not None else None


def next_cursor(at: dt.datetime, key: str) -> str:
    return encode_cursor({"at": as_utc(at).isoformat(), "id": key})


async def my_applications(
    runtime: Runtime[StatusSettings], citizen: auth.Principal, *, limit: int, cursor: str | None
) -> MyApplications:
    code = national_code_of(citizen)
    async with runtime.reader.connection() as connection:
        rows = await repository.applications(
            connection, subject(runtime, code), limit=limit + 1, before=position(cursor)
        )
    page = rows[:limit]
    log.info("applications of %s read by the person (%d)", identity.mask(code), len(page))
    last = page[-1] if len(rows) > limit else None
    return MyApplications(
        items=[MyApplication.of(row) for row in page],
        next_cursor=next_cursor(last.submitted_at, last.application_id) if last else None,
    )


async def my_access_log(
    runtime: Runtime[StatusSettings], citizen: auth.Principal, *, limit: int, cursor: str | None
) -> MyAccessLog:
    """A page of every fetch of my data, newest first, each judged against all my
    applications (not only this page's)."""
    code = national_code_of(citizen)
    person = subject(runtime, code)
    async with runtime.reader.connection() as connection:
        rows = await repository.history(
            connection, person, limit=limit + 1, before=position(cursor)
        )
        page = rows[:limit]
        tenures = await repository.tenures(connection, person)
        disputes = await repository.disputes_of(connection, (row.event_id for row in page))
    log.info("access log of %s read by the person (%d entries)", identity.mask(code), len(page))
    last = page[-1] if len(rows) > limit else None
    return MyAccessLog(
        items=[
            MyAccessEntry.of_entry(
                row,
                flags=domain.flags(
                    domain.Fetch(row.agency_id, row.application_id, row.outcome, row.at),
                    tenures,
                    disputed=row.event_id in disputes,
                ),
                dispute=disputes.get(row.event_id),
            )
            for row in page
        ],
        next_cursor=next_cursor(last.at, last.event_id) if last else None,
    )


def _not_found(what_en: str, what_fa: str) -> ProblemError:
    return ProblemError(404, "not-found", f"No such {what_en}.", f"{what_fa} یافت نشد.")


async def open_dispute(
    runtime: Runtime[StatusSettings], citizen: auth.Principal, *, entry_id: str, reason: str
) -> DisputeView:
    """201 with the new dispute; 404 alike for an unknown entry and another person's (no
    oracle); 409 naming the dispute the entry has already."""
    code = national_code_of(citizen)
    person = subject(runtime, code)
    async with runtime.uow_of(CitizenUnitOfWork)() as uow:
        entry = await uow.disputes.entry(entry_id, person)
        if entry is None:
            raise _not_found("access log entry", "این مورد از سابقه دسترسی")
        dispute = Dispute(
            id=str(uuid.uuid4()),
            entry_id=entry.event_id,
            subject=person,
            national_code_masked=identity.mask(code),
            reason=reason,
            state="open",
            opened_at=dt.datetime.now(dt.UTC),
        )
        # A second dispute of the entry loses here, even when both raced past a read.
        if not await uow.disputes.add(dispute):
            raise _disputed_already(await uow.disputes.of_entry(entry.event_id))
        uow.emit(
            events.CitizenDisputeOpened(
                dispute_id=dispute.id,
                entry_id=entry.event_id,
                national_code_masked=dispute.national_code_masked,
                agency_id=entry.agency_id,
                evidence_type=entry.evidence_type,
                service_id=entry.service_id,
                application_id=entry.application_id,
                inquiry_id=entry.inquiry_id,
                law_reference=entry.law_reference,
                reason=reason,
                opened_at=dispute.opened_at,
            )
        )
        await uow.commit()
    log.info(
        "dispute %s opened by %s on entry %s (agency %s)",
        dispute.id,
        dispute.national_code_masked,
        entry.event_id,
        entry.agency_id,
    )
    return DisputeView.of(dispute)


def _disputed_already(existing: Dispute | None) -> ProblemError:
    named = existing.id if existing is not None else "?"
    state = existing.state if existing is not None else "open"
    return ProblemError(
        409,
        "conflict",
        f"This entry is disputed already: dispute {named} ({state}).",
        f"برای این مورد پیش‌تر اعتراض {named} ثبت شده است ({state}).",
    )


def _answered_already(dispute: Dispute) -> ProblemError:
    return ProblemError(
        409,
        "conflict",
        f"The dispute {dispute.id} is answered already.",
        f"به اعتراض {dispute.id} پیش‌تر پاسخ داده شده است.",
    )


async def for_oversight(
    runtime: Runtime[StatusSettings],
    principal: auth.Principal,
    *,
    state: str | None,
    limit: int,
    cursor: str | None,
) -> OversightDisputes:
    async with runtime.reader.connection() as connection:
        found = await repository.oversight_page(
            connection, state=state, limit=limit + 1, before=position(cursor)
        )
        page = found[:limit]
        entries = await repository.entries(connection, (d.entry_id for d in page))
    log.info(
        "disputes read by %s (state %s, %d: %s)",
        principal.client_id,
        state or "any",
        len(page),
        ", ".join(f"{d.id} of {d.national_code_masked}" for d in page),
    )
    last = page[-1] if len(found) > limit else None
    return OversightDisputes(
        items=[OversightDispute.of_pair(d, entries[d.entry_id]) for d in page],
        next_cursor=next_cursor(last.opened_at, last.id) if last else None,
    )


async def decide(
    runtime: Runtime[StatusSettings],
    principal: auth.Principal,
    *,
    dispute_id: str,
    decision: Decision,
    note: str | None,
) -> OversightDispute:
    """The office's answer; 404 for an unknown dispute, 409 for one answered already."""
    async with runtime.uow_of(CitizenUnitOfWork)() as uow:
        dispute = await uow.disputes.get(dispute_id)
        if dispute is None:
            raise _not_found("dispute", "این اعتراض")
        if not dispute.is_open:
            raise _answered_already(dispute)
        answered = domain.decided(
            dispute, decision, note=note, by=principal.client_id, at=dt.datetime.now(dt.UTC)
        )
        if not await uow.disputes.answer(answered):
            raise _answered_already(dispute)
        entry = await uow.disputes.entry_of(answered)
        assert entry is not None  # a dispute's entry is never deleted (the history appends)
        uow.emit(
            events.CitizenDisputeDecided(
                dispute_id=answered.id,
                entry_id=answered.entry_id,
                agency_id=entry.agency_id,
                decision=decision,
                note=note,
                decided_by=principal.client_id,
                decided_at=answered.decided_at or dt.datetime.now(dt.UTC),
            )
        )
        await uow.commit()
    log.info(
        "dispute %s of %s %s by %s",
        answered.id,
        answered.national_code_masked,
        decision,
        principal.client_id,
    )
    return OversightDispute.of_pair(answered, entry)
