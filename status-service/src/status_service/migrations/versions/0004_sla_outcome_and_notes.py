"""status views keep what a missed SLA did and what could not be done for the applicant

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sla", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("notifications", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("status_views", schema=None) as batch_op:
        batch_op.drop_column("notifications")
        batch_op.drop_column("sla")
