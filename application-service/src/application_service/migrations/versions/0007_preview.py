"""Preview before use: a service's preview flag and window; an application's preview

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every service published before preview existed decides as it did then: no preview.
    # The defaults are literals, not SQL expressions (sa.false()): on SQLite an expression
    # makes batch mode copy and drop the services table, and dropping it cascades to the
    # legal bases (ON DELETE CASCADE), losing the office's every decision.
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preview", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("preview_window_minutes", sa.Integer(), nullable=False, server_default="1440")
        )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preview", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("preview_due_at", sa.DateTime(timezone=True), nullable=True))
        # The preview sweep's poll: applications waiting for their applicant, by due time.
        batch_op.create_index(
            "ix_applications_preview_due", ["state", "preview_due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_preview_due")
        batch_op.drop_column("preview_due_at")
        batch_op.drop_column("preview")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("preview_window_minutes")
        batch_op.drop_column("preview")
