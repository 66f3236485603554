"""Sandbox registries: deterministic synthetic records and personas for the hard cases.

The country's registries cannot be reached from a developer's machine; these stand in for them
in the embedded/dev profile and behind the registry simulator.
"""
