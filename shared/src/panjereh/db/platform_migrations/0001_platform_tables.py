"""Platform tables: outbox and inbox (shared by every service's migration history).

Revision ID: 0001
Revises:
"""

from panjereh.db import migrations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    migrations.create_platform_tables_v1()


def downgrade() -> None:
    migrations.drop_platform_tables_v1()
