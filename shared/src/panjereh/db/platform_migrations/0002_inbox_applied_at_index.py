"""Platform: an index on the inbox's applied_at, for the retention purge (panjereh.retention).

A branch off 0001 beside each service's own revisions (its id is not "0002", which the
services' histories use): every service migrates it, whichever of its revisions it is at.

Revision ID: platform_0002
Revises: 0001
"""

from panjereh.db import migrations

revision = "platform_0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.create_inbox_applied_at_index()


def downgrade() -> None:
    migrations.drop_inbox_applied_at_index()
