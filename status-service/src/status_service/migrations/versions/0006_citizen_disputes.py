"""the citizen's views: each status view knows its agency (a fetch is judged against the
person's applications at the fetching agency), and disputes of access history entries

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agency_id", sa.String(length=100), nullable=True))
    # The views so far learn their agency from the catalogue's names (the same service).
    op.execute(
        """
        UPDATE status_views SET agency_id = (
            SELECT s.agency_id FROM service_names s WHERE s.service_id = status_views.service_id
        )
        """
    )
    op.create_table(
        "disputes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("national_code_masked", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputes")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_disputes_entry_id")),
    )
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disputes_subject"), ["subject"], unique=False)
        batch_op.create_index(
            "ix_disputes_state_opened_at", ["state", "opened_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_index("ix_disputes_state_opened_at")
        batch_op.drop_index(batch_op.f("ix_disputes_subject"))
    op.drop_table("disputes")
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.drop_column("agency_id")
