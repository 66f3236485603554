"""sms messages, confirmations and the sandbox's sent messages

Revision ID: 0002_sms
Revises: 0001_webhooks
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_sms"
down_revision = "0001_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_confirmations",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("tracking_code", sa.String(length=20), nullable=False),
        sa.Column("mobile_ciphertext", sa.String(length=200), nullable=True),
        sa.Column("mobile_masked", sa.String(length=20), nullable=True),
        sa.Column("national_code_ciphertext", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_sms_confirmations")),
    )
    op.create_table(
        "sms_messages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("tracking_code", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("provider_reference", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_messages")),
        sa.UniqueConstraint(
            "application_id", "state", name=op.f("uq_sms_messages_application_id_state")
        ),
    )
    with op.batch_alter_table("sms_messages", schema=None) as batch_op:
        batch_op.create_index("ix_sms_messages_due", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "sms_sandbox_messages",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("mobile", sa.String(length=11), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sms_sandbox_messages")),
        sa.UniqueConstraint("reference", name=op.f("uq_sms_sandbox_messages_reference")),
    )
    with op.batch_alter_table("sms_sandbox_messages", schema=None) as batch_op:
        batch_op.create_index("ix_sms_sandbox_messages_mobile", ["mobile", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sms_sandbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_sms_sandbox_messages_mobile")

    op.drop_table("sms_sandbox_messages")
    with op.batch_alter_table("sms_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_sms_messages_due")

    op.drop_table("sms_messages")
    op.drop_table("sms_confirmations")
