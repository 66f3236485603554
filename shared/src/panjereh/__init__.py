"""Panjereh platform kit: what every service stands on (events, bus, outbox/inbox, db, web)."""
