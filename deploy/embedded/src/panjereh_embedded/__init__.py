"""The embedded default: every service in one process behind the gateway (make run)."""
