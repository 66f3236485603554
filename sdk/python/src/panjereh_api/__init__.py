"""A client library for accessing Panjereh — national smart-services window"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
