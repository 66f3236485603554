"""The citizen's view of their own data, with no I/O: which of their applications were open
when an agency fetched something about them, the flags an access entry carries, and a
dispute's life (open, then upheld or rejected by the legal-basis office).

"Open" means submitted and not yet final at the moment of the fetch, at the agency that
fetched. An inquiry that names one of the person's own applications at that agency counts
that application as open unless it was final before the fetch: the naming is the agency's
statement of purpose, the inquiry service accepts only an application not yet final, and
the event path fetches only after a submission, so the submission's time (another service's
clock) is not held against it. An inquiry naming an application that is not the person's,
or not at that agency, is judged like one naming none: by the person's other applications.
The platform's own purposes (its Shahkar match before an SMS, `events.PLATFORM_AGENCY`)
serve every agency's applications, so for them any open application of the person counts.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from panjereh.events import FINAL_STATES, PLATFORM_AGENCY

Flag = Literal["no-open-application", "disputed", "refused"]
NO_OPEN_APPLICATION: Flag = "no-open-application"  # fetched while I had no open one there
DISPUTED: Flag = "disputed"  # I disputed it (whatever the office answered)
REFUSED: Flag = "refused"  # the agency asked and was refused: nothing was fetched
DisputeState = Literal["open", "upheld", "rejected"]
Decision = Literal["upheld", "rejected"]


@dataclass(frozen=True)
class Tenure:
    """One application of the person: at which agency, from when, until when (None: open)."""

    application_id: str
    agency_id: str | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None


@dataclass(frozen=True)
class Fetch:
    """The facts of one access entry that its flags are computed from."""

    agency_id: str
    application_id: str | None
    outcome: str
    at: dt.datetime


@dataclass(frozen=True)
class Dispute:
    """A person's objection to one entry of their access history (a row of `disputes`)."""

    id: str
    entry_id: str
    subject: str
    national_code_masked: str
    reason: str
    state: DisputeState
    opened_at: dt.datetime
    decided_at: dt.datetime | None = None
    decided_by: str | None = None
    note: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def closed_at(timeline: Iterable[dict[str, Any]]) -> dt.datetime | None:
    """When the application reached a final state (its first final step), or None."""
    for step in timeline:
        if step.get("state") in FINAL_STATES:
            return _aware(dt.datetime.fromisoformat(step["at"]))
    return None


def tenure(
    *,
    application_id: str,
    agency_id: str | None,
    submitted_at: dt.datetime,
    timeline: Sequence[dict[str, Any]],
) -> Tenure:
    return Tenure(application_id, agency_id, _aware(submitted_at), closed_at(timeline))


def had_open_application(fetch: Fetch, tenures: Iterable[Tenure]) -> bool:
    """Whether the person had an open application at the fetching agency at that moment."""
    at = _aware(fetch.at)
    for held in tenures:
        if fetch.agency_id != PLATFORM_AGENCY and held.agency_id != fetch.agency_id:
            continue
        not_yet_final = held.closed_at is None or at <= held.closed_at
        if held.application_id == fetch.application_id and not_yet_final:
            return True
        if held.opened_at <= at and (held.closed_at is None or at < held.closed_at):
            return True
    return False


def flags(fetch: Fetch, tenures: Iterable[Tenure], *, disputed: bool) -> list[Flag]:
    """An entry's flags, in a fixed order (so a page reads the same every time)."""
    found: list[Flag] = []
    if not had_open_application(fetch, tenures):
        found.append(NO_OPEN_APPLICATION)
    if fetch.outcome == "refused":
        found.append(REFUSED)
    if disputed:
        found.append(DISPUTED)
    return found


def decided(
    dispute: Dispute, decision: Decision, *, note: str | None, by: str, at: dt.datetime
) -> Dispute:
    """The dispute with the office's answer; only an open dispute can be answered."""
    if not dispute.is_open:
        raise ValueError("the dispute is answered already")
    return Dispute(
        id=dispute.id,
        entry_id=dispute.entry_id,
        subject=dispute.subject,
        national_code_masked=dispute.national_code_masked,
        reason=dispute.reason,
        state=decision,
        opened_at=dispute.opened_at,
        decided_at=at,
        decided_by=by,
        note=note,
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive UTC moments; PostgreSQL aware ones."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
