"""Tables of the notification service (its own database; no other service reads them).

`webhook_subscriptions` are the agencies' endpoints (the signing secret only encrypted);
`webhook_deliveries` one row per event and subscription, ordered by `seq` (the order a
receiver gets an application's events in); `webhook_attempts` every POST made for one;
`webhook_applications` which agency an application belongs to, for the events that do not
say so themselves (a state change names only the application).
"""

import sqlalchemy as sa

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)

_Moment = sa.DateTime(timezone=True)
_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER only

webhook_subscriptions = sa.Table(
    "webhook_subscriptions",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("events", sa.JSON(), nullable=False),
    sa.Column("description", sa.String(500), nullable=True),
    # AES-GCM under PANJEREH_NOTIFICATION_SECRET_KEY, bound to the row's id (secrets.py).
    sa.Column("secret_ciphertext", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("disabled_at", _Moment, nullable=True),
    sa.Column("disabled_reason", sa.String(500), nullable=True),
    sa.Column("failing_since", _Moment, nullable=True),
    sa.Column("created_at", _Moment, nullable=False),
    sa.Column("deleted_at", _Moment, nullable=True),
    # The consumer loads one batch's agencies' live subscriptions in one read.
    sa.Index("ix_webhook_subscriptions_agency_live", "agency_id", "status", "deleted_at"),
    # The listing: an agency's subscriptions newest first.
    sa.Index("ix_webhook_subscriptions_agency_created", "agency_id", "created_at", "id"),
)

webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("seq", _BigId, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(36), nullable=False, unique=True),
    sa.Column(
        "subscription_id", sa.String(36), sa.ForeignKey("webhook_subscriptions.id"), nullable=False
    ),
    sa.Column("event_id", sa.String(64), nullable=False),  # the CloudEvent id = webhook-id
    sa.Column("event_type", sa.String(100), nullable=False),  # the public type
    sa.Column("application_id", sa.String(36), nullable=True),  # the order key
    sa.Column("payload", sa.Text(), nullable=False),  # the body exactly as it is POSTed
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("last_response_status", sa.Integer(), nullable=True),
    sa.Column("last_error", sa.Text(), nullable=True),
    sa.Column("next_attempt_at", _Moment, nullable=True),
    # Set while a dispatcher holds the delivery; one that crashed lets it lapse (due again).
    sa.Column("leased_until", _Moment, nullable=True),
    sa.Column("created_at", _Moment, nullable=False),
    sa.Column("first_attempt_at", _Moment, nullable=True),
    sa.Column("delivered_at", _Moment, nullable=True),
    # A redelivered Kafka event makes no second delivery.
    sa.UniqueConstraint("subscription_id", "event_id"),
    sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    sa.Index("ix_webhook_deliveries_order", "subscription_id", "application_id", "seq"),
    sa.Index("ix_webhook_deliveries_log", "subscription_id", "seq"),  # the deliveries log
)

webhook_attempts = sa.Table(
    "webhook_attempts",
    metadata,
    sa.Column("id", _BigId, primary_key=True, autoincrement=True),
    sa.Column(
        "delivery_id",
        sa.String(36),
        sa.ForeignKey("webhook_deliveries.id"),
        nullable=False,
        index=True,
    ),
    sa.Column("attempt", sa.Integer(), nullable=False),
    sa.Column("at", _Moment, nullable=False),
    sa.Column("response_status", sa.Integer(), nullable=True),
    sa.Column("error", sa.Text(), nullable=True),
    sa.Column("duration_ms", sa.Integer(), nullable=True),
)

webhook_applications = sa.Table(
    "webhook_applications",
    metadata,
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False),
)

# The SMS half's tables are on this metadata too (migration 0002_sms; Alembic sees them).
from notification_service.sms import models as _sms_models  # noqa: E402, F401
