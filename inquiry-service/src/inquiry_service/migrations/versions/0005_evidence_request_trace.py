"""evidence requests keep the trace that queued them

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
    # The W3C traceparent (55 characters) of the span that queued the request: the worker
    # fetches and records it later, in the same trace (panjereh.tracing).
    op.add_column("evidence_requests", sa.Column("traceparent", sa.String(55), nullable=True))


def downgrade() -> None:
    op.drop_column("evidence_requests", "traceparent")
