"""Panjereh compliance service.

The four smart-service criteria measured from real traffic, against the policy targets.
"""
