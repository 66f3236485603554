"""the citizen's one-time login codes: one row per person, the code only as its HMAC

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
    moment = sa.DateTime(timezone=True)
    op.create_table(
        "citizen_logins",
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=True),
        sa.Column("mobile", sa.String(length=11), nullable=True),
        sa.Column("code_digest", sa.String(length=64), nullable=True),
        sa.Column("expires_at", moment, nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("handovers", sa.Integer(), nullable=False),
        sa.Column("requested_at", moment, nullable=False),
        sa.Column("next_attempt_at", moment, nullable=False),
        sa.Column("window_start", moment, nullable=False),
        sa.Column("window_requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_citizen_logins")),
    )
    op.create_index(
        "ix_citizen_logins_state_next_attempt_at",
        "citizen_logins",
        ["state", "next_attempt_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_citizen_logins_state_next_attempt_at", table_name="citizen_logins")
    op.drop_table("citizen_logins")
