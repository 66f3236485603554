"""Panjereh application service.

Service catalogue, paper-free intake, automatic decisions by published rules, manual review.
"""
