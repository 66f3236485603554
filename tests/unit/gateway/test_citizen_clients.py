"""The client registry never holds the citizen scope, and no agency holds the platform's own."""

import pytest
from argon2 import PasswordHasher

from gateway.clients import Client, ClientRegistry
from panjereh import auth


def _client(client_id: str, agency: str | None, *scopes: str) -> Client:
    return Client(client_id, PasswordHasher().hash("s3cret-long-enough"), agency, frozenset(scopes))


def test_no_client_may_hold_the_citizen_scope() -> None:
    with pytest.raises(ValueError, match="citizen"):
        ClientRegistry([_client("sneaky", None, auth.CITIZEN_SCOPE)])
    with pytest.raises(ValueError, match="citizen"):
        ClientRegistry([_client("sneaky", "passport-police", "applications:read", "citizen")])


def test_no_agency_client_may_hand_over_one_time_codes() -> None:
    with pytest.raises(ValueError, match="platform's own scopes"):
        ClientRegistry([_client("sms-spammer", "passport-police", "otp:send")])
    assert ClientRegistry([_client("panjereh-status", None, "otp:send")])


def test_the_demo_registry_loads_with_the_status_services_client() -> None:
    registry = ClientRegistry.demo()
    client = registry.authenticate("panjereh-status", "demo-status-otp-client-secret")
    assert client is not None and client.scopes == {"otp:send"} and client.agency_id is None
