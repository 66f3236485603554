"""service days count the applications past their SLA: breached, escalated, deemed approved

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("sla_breached", "sla_escalated", "sla_deemed_approved")


def upgrade() -> None:
    # Days counted before this revision counted no breach: zero is what they knew.
    with op.batch_alter_table("service_days", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("service_days", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
