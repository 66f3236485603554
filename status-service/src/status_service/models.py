"""The status read model: built only from events, read with no call to another service."""

import sqlalchemy as sa

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)

_Moment = sa.DateTime(timezone=True)

status_views = sa.Table(
    "status_views",
    metadata,
    sa.Column("tracking_code", sa.String(20), primary_key=True),
    sa.Column("application_id", sa.String(36), nullable=False, unique=True),
    sa.Column("subject", sa.String(64), nullable=False),  # keyed hash of the national code
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("state", sa.String(30), nullable=False),
    sa.Column("timeline", sa.JSON(), nullable=False),
    sa.Column("reasons", sa.JSON(), nullable=False),
    sa.Column("submitted_at", _Moment, nullable=False),
    sa.Column("sla_due_at", _Moment, nullable=False),
    sa.Column("updated_at", _Moment, nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
)

service_names = sa.Table(
    "service_names",
    metadata,
    sa.Column("service_id", sa.String(100), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("name_fa", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
)

# Which agency fetched which of the applicant's documents, when and why (from evidence.*).
evidence_access = sa.Table(
    "evidence_access",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("application_id", sa.String(36), nullable=False, index=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("service_id", sa.String(100), nullable=False),
    sa.Column("evidence_type", sa.String(50), nullable=False),
    sa.Column("registry", sa.String(50), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("purpose", sa.String(300), nullable=True),
    sa.Column("at", _Moment, nullable=False),
)
