"""Panjereh status service.

Every application's status for its applicant at any hour.
"""
