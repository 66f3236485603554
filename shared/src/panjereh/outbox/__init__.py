"""Transactional outbox: events commit with the state change; a relay publishes them."""
