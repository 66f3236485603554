"""The service catalogue: agencies, their services, required evidence and decision rules."""
