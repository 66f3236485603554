"""Tables of the application service (its own database; no other service reads them)."""

import sqlalchemy as sa

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)

_Moment = sa.DateTime(timezone=True)

agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("name_fa", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
)

services = sa.Table(
    "services",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column(
        "agency_id", sa.String(100), sa.ForeignKey("agencies.id"), nullable=False, index=True
    ),
    sa.Column("name_fa", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
    sa.Column("required_evidence", sa.JSON(), nullable=False),
    sa.Column("paper_documents", sa.JSON(), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("rules", sa.JSON(), nullable=False),
    sa.Column("on_window", sa.Boolean(), nullable=False),
    sa.Column("sla_hours", sa.Integer(), nullable=False),
    sa.Column("sla_breach_action", sa.String(20), nullable=False, server_default="notify"),
    # Preview before use (0007): its applications wait for the applicant, at most the window.
    sa.Column("preview", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("preview_window_minutes", sa.Integer(), nullable=False, server_default="1440"),
    sa.Column("updated_at", _Moment, nullable=False),
)

# The legal-basis office's current decision on each evidence type a service requires (API.md,
# Legal basis): the agency never writes these; publishing makes an entry pending.
legal_bases = sa.Table(
    "legal_bases",
    metadata,
    sa.Column(
        "service_id",
        sa.String(100),
        sa.ForeignKey("services.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("evidence_type", sa.String(100), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("law_reference", sa.String(500), nullable=True),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("decided_by", sa.String(200), nullable=True),
    sa.Column("requested_at", _Moment, nullable=False),
    sa.Column("decided_at", _Moment, nullable=True),
    sa.Index("ix_legal_bases_status", "status", "service_id", "evidence_type"),
)

# Every decision of the office, appended and never changed: who decided what, when and why.
legal_basis_decisions = sa.Table(
    "legal_basis_decisions",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("evidence_type", sa.String(100), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("law_reference", sa.String(500), nullable=False),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", _Moment, nullable=False),
    sa.Index("ix_legal_basis_decisions_basis", "service_id", "evidence_type", "id"),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tracking_code", sa.String(20), nullable=False, unique=True),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("national_code", sa.String(10), nullable=False),
    sa.Column("mobile", sa.String(11), nullable=True),
    sa.Column("birth_date", sa.Date(), nullable=True),
    sa.Column("form", sa.JSON(), nullable=False),
    sa.Column("state", sa.String(30), nullable=False),
    sa.Column("evidence", sa.JSON(), nullable=False),
    sa.Column("decision", sa.JSON(), nullable=True),
    sa.Column("timeline", sa.JSON(), nullable=False),
    sa.Column("submitted_at", _Moment, nullable=False),
    sa.Column("sla_due_at", _Moment, nullable=False),
    sa.Column("sla_breached", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer(), nullable=False),
    # The applicant's preview (0007): its window, their answer and any objection.
    sa.Column("preview", sa.JSON(), nullable=True),
    sa.Column("preview_due_at", _Moment, nullable=True),
    sa.Index("ix_applications_agency_id_created", "agency_id", "submitted_at", "id"),
    sa.Index("ix_applications_open_sla", "sla_breached", "sla_due_at"),
    # The decider's poll (every few seconds) for applications left evaluating (0004).
    sa.Index("ix_applications_state_submitted", "state", "submitted_at"),
    # The preview sweep's poll for windows that ended (0007).
    sa.Index("ix_applications_preview_due", "state", "preview_due_at"),
)

# Same agency + same key → the same application; the body's hash tells a retry from a misuse.
idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("agency_id", sa.String(100), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("application_id", sa.String(36), nullable=False),
    sa.Column("created_at", _Moment, nullable=False),
)

# The decision dossier (API.md): a compact JWS signed in the decision's own unit of work, and
# never changed afterwards (migration 0006).
dossiers = sa.Table(
    "dossiers",
    metadata,
    sa.Column(
        "application_id",
        sa.String(36),
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("kid", sa.String(100), nullable=False),
    sa.Column("jws", sa.Text(), nullable=False),
    sa.Column("signed_at", _Moment, nullable=False),
)
