"""HTTP pieces every service shares: request ids, health and metrics routes."""
