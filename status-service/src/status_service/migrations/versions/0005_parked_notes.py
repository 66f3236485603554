"""notes that came before their application's view wait in parked_notes

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parked_notes",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("note", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_parked_notes")),
    )
    with op.batch_alter_table("parked_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parked_notes_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("parked_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parked_notes_application_id"))
    op.drop_table("parked_notes")
