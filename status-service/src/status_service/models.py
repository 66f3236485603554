"""The status read model: built only from events, read with no call to another service."""

import sqlalchemy as sa

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)

_Moment = sa.DateTime(timezone=True)

status_views = sa.Table(
    "status_views",
    metadata,
    sa.Column("tracking_code", sa.String(20), primary_key=True),
    sa.Column("application_id", sa.String(36), nullable=False, unique=True),
    # The keyed hash of the national code; indexed for a person's history and applications.
    sa.Column("subject", sa.String(64), nullable=False, index=True),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("state", sa.String(30), nullable=False),
    sa.Column("timeline", sa.JSON(), nullable=False),
    sa.Column("reasons", sa.JSON(), nullable=False),
    # What a missed SLA did, and what could not be done for the applicant (0004).
    sa.Column("sla", sa.JSON(), nullable=True),
    sa.Column("notifications", sa.JSON(), nullable=False, server_default="[]"),
    sa.Column("submitted_at", _Moment, nullable=False),
    sa.Column("sla_due_at", _Moment, nullable=False),
    sa.Column("updated_at", _Moment, nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    # The agency the application was made at (0006): a fetch is judged against the person's
    # applications at the fetching agency. NULL only for a view older than 0006 whose
    # service the catalogue never named. Last, where 0006 added it (as SELECT * reads it).
    sa.Column("agency_id", sa.String(100), nullable=True),
)

service_names = sa.Table(
    "service_names",
    metadata,
    sa.Column("service_id", sa.String(100), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("name_fa", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
)

# One access history per person: every inquiry about them, by the application path
# (evidence.*) or directly (inquiry.recorded), keyed by the keyed hash of their national code
# (the code itself is never stored). An application path row waits for its view to learn
# whose it is (`subject` stays NULL until then).
access_history = sa.Table(
    "access_history",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("subject", sa.String(64), nullable=True),
    sa.Column("path", sa.String(20), nullable=False),  # "application" or "direct"
    sa.Column("inquiry_id", sa.String(64), nullable=True, unique=True),
    sa.Column("application_id", sa.String(36), nullable=True, index=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("client_id", sa.String(100), nullable=True),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("evidence_type", sa.String(50), nullable=False),
    sa.Column("registry", sa.String(50), nullable=False),
    sa.Column("outcome", sa.String(30), nullable=False),
    sa.Column("reason", sa.String(100), nullable=True),
    sa.Column("purpose", sa.String(300), nullable=True),
    sa.Column("law_reference", sa.String(500), nullable=True),
    sa.Column("at", _Moment, nullable=False),
    sa.Index("ix_access_history_subject_at", "subject", "at", "event_id"),
)

# Notes about an application that came before its view (on another topic than its
# submission, e.g. an SMS that could not be sent): moved onto the view when it lands (0005).
parked_notes = sa.Table(
    "parked_notes",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("application_id", sa.String(36), nullable=False, index=True),
    sa.Column("note", sa.JSON(), nullable=False),
)

# A person's objection to one entry of their access history (0006), for the legal-basis
# office and the operators to answer. One per entry (its second is a 409 naming the first).
# The person is their keyed hash, and their code only masked (what the office is shown).
disputes = sa.Table(
    "disputes",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("entry_id", sa.String(64), nullable=False, unique=True),
    sa.Column("subject", sa.String(64), nullable=False, index=True),
    sa.Column("national_code_masked", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),  # open, upheld, rejected
    sa.Column("opened_at", _Moment, nullable=False),
    sa.Column("decided_at", _Moment, nullable=True),
    sa.Column("decided_by", sa.String(100), nullable=True),
    sa.Column("note", sa.Text(), nullable=True),
    sa.Index("ix_disputes_state_opened_at", "state", "opened_at", "id"),
)

# The citizen's one-time login codes (0007; status_service.citizen.login_domain): one row per
# person, keyed by the keyed hash of the national code. The code is kept only as its HMAC;
# the national code and mobile only until the code was handed to the SMS sender.
citizen_logins = sa.Table(
    "citizen_logins",
    metadata,
    sa.Column("subject", sa.String(64), primary_key=True),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("national_code", sa.String(10), nullable=True),
    sa.Column("mobile", sa.String(11), nullable=True),
    sa.Column("code_digest", sa.String(64), nullable=True),
    sa.Column("expires_at", _Moment, nullable=True),
    sa.Column("tries", sa.Integer(), nullable=False),
    sa.Column("handovers", sa.Integer(), nullable=False),
    sa.Column("requested_at", _Moment, nullable=False),
    sa.Column("next_attempt_at", _Moment, nullable=False),
    sa.Column("window_start", _Moment, nullable=False),
    sa.Column("window_requests", sa.Integer(), nullable=False),
    sa.Index("ix_citizen_logins_state_next_attempt_at", "state", "next_attempt_at"),
)
