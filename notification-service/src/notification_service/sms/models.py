"""Tables of the SMS half (on the service's metadata; migration 0002_sms).

`sms_confirmations`: per application, whom to write to and whether Shahkar confirmed it —
the mobile only sealed (AES-GCM, bound to the application id), the national code sealed too
and erased once Shahkar answered (nothing of it is kept after). `sms_messages`: one row per
application and state (UNIQUE: a redelivered or replayed event sends nothing twice), the
text as it goes out, and where it stands. `sms_sandbox_messages`: what the sandbox provider
"sent" (embedded/dev only).
"""

import sqlalchemy as sa

from notification_service.models import metadata

_Moment = sa.DateTime(timezone=True)
_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER only

sms_confirmations = sa.Table(
    "sms_confirmations",
    metadata,
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("tracking_code", sa.String(20), nullable=False),
    sa.Column("mobile_ciphertext", sa.String(200), nullable=True),  # None: none was given
    sa.Column("mobile_masked", sa.String(20), nullable=True),
    sa.Column("national_code_ciphertext", sa.String(200), nullable=True),  # erased once known
    # pending / unavailable (asked, no answer yet) / confirmed / mismatch / no_mobile
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("checked_at", _Moment, nullable=True),
    sa.Column("created_at", _Moment, nullable=False),
)

sms_messages = sa.Table(
    "sms_messages",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("application_id", sa.String(36), nullable=False),
    sa.Column("tracking_code", sa.String(20), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("template", sa.String(40), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    # queued / held_quiet_hours / sent / delivered / failed / not_sent
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("reason", sa.String(200), nullable=True),
    sa.Column("provider_reference", sa.String(200), nullable=True),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("next_attempt_at", _Moment, nullable=False),  # also the sender's lease
    sa.Column("created_at", _Moment, nullable=False),
    sa.Column("sent_at", _Moment, nullable=True),
    sa.Column("delivered_at", _Moment, nullable=True),
    sa.UniqueConstraint("application_id", "state"),
    sa.Index("ix_sms_messages_due", "status", "next_attempt_at"),
)

sms_sandbox_messages = sa.Table(
    "sms_sandbox_messages",
    metadata,
    sa.Column("seq", _BigId, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(64), nullable=False, unique=True),
    sa.Column("mobile", sa.String(11), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("sent_at", _Moment, nullable=False),
    sa.Index("ix_sms_sandbox_messages_mobile", "mobile", "seq"),
)
