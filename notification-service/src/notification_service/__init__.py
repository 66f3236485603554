"""Panjereh's notification service: agencies' webhook subscriptions and signed deliveries,
and SMS to applicants."""
