"""The platform's own tables (outbox, inbox): defined once, attached to every service's metadata."""

import sqlalchemy as sa

from panjereh.db.engine import make_metadata

PLATFORM = make_metadata()

_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER only

outbox = sa.Table(
    "outbox",
    PLATFORM,
    sa.Column("id", _BigId, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), nullable=False, unique=True),
    sa.Column("topic", sa.String(200), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("type", sa.String(200), nullable=False),
    sa.Column("payload", sa.LargeBinary(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Index(
        "ix_outbox_unsent",
        "id",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    ),
)

inbox = sa.Table(
    "inbox",
    PLATFORM,
    sa.Column("consumer", sa.String(100), primary_key=True),
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("event_type", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_inbox_applied_at", "applied_at"),  # the retention purge (platform 0002)
)


def attach(metadata: sa.MetaData) -> None:
    """Add the platform tables to a service's metadata, so Alembic's autogenerate sees them."""
    for table in PLATFORM.tables.values():
        table.to_metadata(metadata)
