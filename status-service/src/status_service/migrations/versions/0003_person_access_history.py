"""one access history per person: the application path's evidence_access rows and the direct
inquiries in one table, keyed by the keyed hash of the national code

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_history",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("path", sa.String(length=20), nullable=False),
        sa.Column("inquiry_id", sa.String(length=64), nullable=True),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.Column("agency_id", sa.String(length=100), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=True),
        sa.Column("service_id", sa.String(length=100), nullable=False),
        sa.Column("evidence_type", sa.String(length=50), nullable=False),
        sa.Column("registry", sa.String(length=50), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=True),
        sa.Column("purpose", sa.String(length=300), nullable=True),
        sa.Column("law_reference", sa.String(length=500), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_access_history")),
        sa.UniqueConstraint("inquiry_id", name=op.f("uq_access_history_inquiry_id")),
    )
    with op.batch_alter_table("access_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_history_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            "ix_access_history_subject_at", ["subject", "at", "event_id"], unique=False
        )
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_views_subject"), ["subject"], unique=False)
    # The application path's rows so far; whose they are comes from their application's view.
    op.execute(
        """
        INSERT INTO access_history (event_id, subject, path, application_id, agency_id,
            service_id, evidence_type, registry, outcome, purpose, at)
        SELECT e.event_id, v.subject, 'application', e.application_id, e.agency_id,
            e.service_id, e.evidence_type, e.registry, e.outcome, e.purpose, e.at
        FROM evidence_access e LEFT JOIN status_views v ON v.application_id = e.application_id
        """
    )
    with op.batch_alter_table("evidence_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_access_application_id"))
    op.drop_table("evidence_access")


def downgrade() -> None:
    op.create_table(
        "evidence_access",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", sa.String(length=100), nullable=False),
        sa.Column("service_id", sa.String(length=100), nullable=False),
        sa.Column("evidence_type", sa.String(length=50), nullable=False),
        sa.Column("registry", sa.String(length=50), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_evidence_access")),
    )
    with op.batch_alter_table("evidence_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_access_application_id"), ["application_id"], unique=False
        )
    # Only the application path fits the old table; the direct inquiries go with the new one.
    op.execute(
        """
        INSERT INTO evidence_access (event_id, application_id, agency_id, service_id,
            evidence_type, registry, outcome, purpose, at)
        SELECT event_id, application_id, agency_id, service_id, evidence_type, registry,
            outcome, purpose, at
        FROM access_history WHERE path = 'application'
        """
    )
    with op.batch_alter_table("access_history", schema=None) as batch_op:
        batch_op.drop_index("ix_access_history_subject_at")
        batch_op.drop_index(batch_op.f("ix_access_history_application_id"))
    op.drop_table("access_history")
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_views_subject"))
