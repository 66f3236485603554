"""The registry simulator: sandbox registries behind the national exchange's HTTP API."""

from inquiry_service.simulator.app import SimulatorSettings, create_app

__all__ = ["SimulatorSettings", "create_app"]
