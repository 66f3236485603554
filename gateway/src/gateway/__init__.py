"""Panjereh gateway: the one public /v1 surface in front of the services."""
