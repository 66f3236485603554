"""legal bases and applications; stored inquiries minimised

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from panjereh.evidence import SHAREABLE_FIELDS

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "legal_bases",
        sa.Column("service_id", sa.String(length=100), nullable=False),
        sa.Column("evidence_type", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("law_reference", sa.String(length=500), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("service_id", "evidence_type", name=op.f("pk_legal_bases")),
    )
    op.create_table(
        "applications",
        sa.Column("application_id", sa.String(length=100), nullable=False),
        sa.Column("agency_id", sa.String(length=100), nullable=False),
        sa.Column("service_id", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("final", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_applications")),
    )
    _minimise_stored_inquiries()


def _minimise_stored_inquiries() -> None:
    """Inquiries stored before minimisation kept whole records (card serials, fathers' names,
    exemption reasons): keep only the shareable fields of each, as new ones are kept."""
    inquiries = sa.table(
        "inquiries",
        sa.column("id", sa.String),
        sa.column("evidence_type"),
        sa.column("data", sa.JSON),
    )
    connection = op.get_bind()
    after = ""
    while True:
        rows = connection.execute(
            sa.select(inquiries.c.id, inquiries.c.evidence_type, inquiries.c.data)
            .where(inquiries.c.id > after, inquiries.c.data.is_not(None))
            .order_by(inquiries.c.id)
            .limit(_BATCH)
        ).all()
        for row in rows:
            if not isinstance(row.data, dict):  # JSON null: nothing was found
                continue
            shareable = SHAREABLE_FIELDS.get(row.evidence_type, ())
            kept = {k: v for k, v in row.data.items() if k in shareable}
            if kept != row.data:
                connection.execute(
                    inquiries.update().where(inquiries.c.id == row.id).values(data=kept)
                )
        if len(rows) < _BATCH:
            return
        after = rows[-1].id


def downgrade() -> None:
    # The minimised data is not restored: what was dropped was never meant to be kept.
    op.drop_table("applications")
    op.drop_table("legal_bases")
