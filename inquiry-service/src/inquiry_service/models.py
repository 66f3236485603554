"""Tables of the inquiry service (its own database; no other service reads them)."""

import sqlalchemy as sa

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)

_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_Moment = sa.DateTime(timezone=True)

# What each service may fetch: the legal basis, projected from catalogue events.
service_requirements = sa.Table(
    "service_requirements",
    metadata,
    sa.Column("service_id", sa.String(100), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False, index=True),
    sa.Column("evidence_types", sa.JSON(), nullable=False),
    sa.Column("updated_at", _Moment, nullable=False),
)

# The legal-basis office's decision per evidence type of a service (no row: pending), from
# the basis on catalogue events and from legal_basis_decided events.
legal_bases = sa.Table(
    "legal_bases",
    metadata,
    sa.Column("service_id", sa.String(100), primary_key=True),
    sa.Column("evidence_type", sa.String(50), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("law_reference", sa.String(500), nullable=True),
    sa.Column("decided_at", _Moment, nullable=True),
)

# Applications as far as a direct inquiry's purpose needs them, from application events;
# the applicant is kept only as the keyed hash of the national code.
applications = sa.Table(
    "applications",
    metadata,
    sa.Column("application_id", sa.String(100), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("subject", sa.String(64), nullable=False),
    sa.Column("final", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("updated_at", _Moment, nullable=False),
)

inquiries = sa.Table(
    "inquiries",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("client_id", sa.String(100), nullable=True),
    sa.Column("evidence_type", sa.String(50), nullable=False),
    sa.Column("subject", sa.String(64), nullable=False),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("application_id", sa.String(100), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("data", sa.JSON(), nullable=True),
    sa.Column("registry", sa.String(50), nullable=False),
    sa.Column("retrieved_at", _Moment, nullable=False),
    sa.Column("cached", sa.Boolean(), nullable=False),
    sa.Index("ix_inquiries_agency_id_subject", "agency_id", "subject"),
)

# Append-only and hash-chained: each entry's hash covers the previous entry's hash, and a
# unique prev_hash makes a fork (two entries claiming one predecessor) impossible.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", _BigId, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("client_id", sa.String(100), nullable=True),
    sa.Column("evidence_type", sa.String(50), nullable=False),
    sa.Column("subject", sa.String(64), nullable=False),
    sa.Column("subject_masked", sa.String(12), nullable=False),
    sa.Column("service_id", sa.String(100), nullable=True),
    sa.Column("application_id", sa.String(100), nullable=True),
    sa.Column("inquiry_id", sa.String(36), nullable=True),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("reason", sa.String(200), nullable=True),
    sa.Column("registry", sa.String(50), nullable=False),
    sa.Column("latency_ms", sa.Integer(), nullable=False),
    sa.Column("request_id", sa.String(128), nullable=True),
    sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_audit_log_subject_agency_id", "subject", "agency_id"),
)

# Signed anchors of the audit chain: each says "the chain's entry `seq` had hash head_hash"
# under a key held outside this database. seq is the key, so two replicas never sign twice.
audit_checkpoints = sa.Table(
    "audit_checkpoints",
    metadata,
    sa.Column("seq", _BigId, primary_key=True, autoincrement=False),
    sa.Column("head_hash", sa.String(64), nullable=False),
    sa.Column("at", _Moment, nullable=False),
    sa.Column("kid", sa.String(100), nullable=False),
    sa.Column("jws", sa.Text(), nullable=False),
)

# Applications' evidence requests, retried with backoff until answered or out of budget.
evidence_requests = sa.Table(
    "evidence_requests",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("application_id", sa.String(100), nullable=False),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("evidence_type", sa.String(50), nullable=False),
    sa.Column("national_code", sa.String(10), nullable=False),
    sa.Column("mobile", sa.String(11), nullable=True),
    sa.Column("request_id", sa.String(128), nullable=True),
    sa.Column("traceparent", sa.String(55), nullable=True),  # the span that queued it
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("next_attempt_at", _Moment, nullable=False),
    sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("last_error", sa.String(500), nullable=True),
    sa.Index("ix_evidence_requests_due", "done", "next_attempt_at"),
)
