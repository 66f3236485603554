"""applications by state: the decider's poll reads an index, not the whole table

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The decider polls every few seconds for applications left evaluating, oldest first
    # (repository.evaluating); with no index on state that was a sequential scan of every
    # application ever made: 245 ms at 10 thousand under load, the whole table at 1 million
    # (docs/benchmarks/growth.md). Not a partial index: the state arrives as a bound parameter,
    # which a generic plan cannot match against a partial index's predicate.
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_applications_state_submitted", ["state", "submitted_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_state_submitted")
