"""Tables of the compliance service (its own database; no other service reads them).

`application_facts` keeps, per application, what the criteria need and the verdicts last
counted; `service_days` sums those verdicts per service and submission day (Tehran), so a
report over any period reads one row per service and day, not every application.
"""

import sqlalchemy as sa

from panjereh import tables
from panjereh.db.engine import make_metadata

metadata = make_metadata()
tables.attach(metadata)

_Moment = sa.DateTime(timezone=True)

catalogue_services = sa.Table(
    "catalogue_services",
    metadata,
    sa.Column("service_id", sa.String(100), primary_key=True),
    sa.Column("agency_id", sa.String(100), nullable=False, index=True),
    sa.Column("name_fa", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
    sa.Column("on_window", sa.Boolean(), nullable=False),
    sa.Column("smart_by_design", sa.Boolean(), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("paper_documents", sa.JSON(), nullable=False),
    sa.Column("changed_at", _Moment, nullable=False),  # the catalogue event's time
)

agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("agency_id", sa.String(100), primary_key=True),
    sa.Column("name_fa", sa.String(300), nullable=True),
    sa.Column("name_en", sa.String(300), nullable=True),
    # The Dey deadline: has this agency fetched any evidence online, and since when.
    sa.Column("first_online_inquiry_at", _Moment, nullable=True),
)

application_facts = sa.Table(
    "application_facts",
    metadata,
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("service_id", sa.String(100), nullable=True),
    sa.Column("day", sa.Date(), nullable=True),  # submission day in Tehran
    sa.Column("facts", sa.JSON(), nullable=False),
    sa.Column("counted", sa.JSON(), nullable=True),  # the tally last added to service_days
)

service_days = sa.Table(
    "service_days",
    metadata,
    sa.Column("service_id", sa.String(100), primary_key=True),
    sa.Column("day", sa.Date(), primary_key=True),
    sa.Column("applications", sa.Integer(), nullable=False),
    *(
        sa.Column(f"{criterion}_{side}", sa.Integer(), nullable=False)
        for criterion in ("no_paper", "online_inquiry", "automated", "status_available")
        for side in ("met", "missed")
    ),
    # Applications past their SLA undecided, of them escalated, and deemed approved (0004).
    *(
        sa.Column(f"sla_{outcome}", sa.Integer(), nullable=False, server_default="0")
        for outcome in ("breached", "escalated", "deemed_approved")
    ),
)

# Notifications delivered (the notification service's facts), summed per day in Tehran, kind
# (webhook, sms), label (event type or application state), outcome and latency bucket.
notification_days = sa.Table(
    "notification_days",
    metadata,
    sa.Column("day", sa.Date(), primary_key=True),
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("label", sa.String(100), primary_key=True),
    sa.Column("outcome", sa.String(20), primary_key=True),
    sa.Column("bucket", sa.Integer(), primary_key=True),  # compliance_service.deliveries
    sa.Column("deliveries", sa.Integer(), nullable=False),
    sa.Column("latency_ms_sum", sa.Float(), nullable=False),
)
