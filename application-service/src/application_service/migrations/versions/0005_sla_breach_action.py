"""services' sla_breach_action: what a missed SLA does (notify, escalate, deem_approved)

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
    # Every service published before the action existed keeps what a breach did then: notify.
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sla_breach_action", sa.String(20), nullable=False, server_default="notify")
        )


def downgrade() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("sla_breach_action")
