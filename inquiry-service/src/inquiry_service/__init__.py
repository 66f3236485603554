"""Panjereh inquiry service.

Online evidence from the national registries, with legal-basis checks and a hash-chained audit
log.
"""
