"""The gateway's routing table: each public prefix reaches the service that owns it."""

import pytest

from gateway import edge, routing
from gateway.settings import GatewaySettings


@pytest.mark.parametrize(
    ("path", "upstream"),
    [
        ("/v1/webhooks", "notification"),
        ("/v1/webhooks/3f1c/deliveries/9a/redeliver", "notification"),
        ("/v1/sandbox/sms", "notification"),
        ("/v1/sms/receipts", "notification"),
        # The sandbox is shared: personas stay with the inquiry service.
        ("/v1/sandbox/personas", "inquiry"),
        ("/v1/compliance/summary", "compliance"),
        # The citizen's: my list and my history are the status service's read model, one
        # application of mine the application service's; the token is the gateway's own.
        ("/v1/citizen/otp", "status"),
        ("/v1/citizen/applications", "status"),
        ("/v1/citizen/applications/", "status"),
        ("/v1/citizen/applications/a1b2", "application"),
        ("/v1/citizen/applications/a1b2/dossier", "application"),
        ("/v1/citizen/access-log", "status"),
        ("/v1/citizen/access-log/9/dispute", "status"),
        ("/v1/citizen/token", None),
        ("/v1/citizen", None),
        # A prefix owns its subtree, not every path that begins with the same letters.
        ("/v1/webhooksx", None),
        ("/v1/sms", None),
    ],
)
def test_a_path_goes_to_the_service_that_owns_it(path: str, upstream: str | None) -> None:
    assert routing.upstream_for(path) == upstream


def test_every_routed_service_has_an_upstream_url() -> None:
    urls = GatewaySettings(profile="embedded").upstream_urls()
    assert {upstream for _, upstream in routing.ROUTES} == set(urls)
    assert urls["notification"] == "http://127.0.0.1:8005"


def test_webhook_routes_need_a_token_and_the_sms_receipts_do_not() -> None:
    # The agency's subscriptions are its own (webhooks:write); the SMS provider's delivery
    # receipts are signed by the provider and checked by the notification service.
    assert not edge.is_public("POST", "/v1/webhooks")
    assert not edge.is_public("GET", "/v1/webhooks/abc/deliveries")
    assert edge.is_public("POST", "/v1/sms/receipts")
    assert edge.is_public("GET", "/v1/sandbox/sms")


def test_one_application_of_mine_is_logged_by_its_prefix_never_its_id() -> None:
    assert routing.template("/v1/citizen/applications/a1b2/dossier") == (
        "/v1/citizen/applications/…",
        "application",
    )
    assert routing.template("/v1/citizen/applications") == ("/v1/citizen/applications", "status")


def test_the_citizen_login_needs_no_token() -> None:
    assert edge.is_public("POST", "/v1/citizen/otp")
    assert edge.is_public("POST", "/v1/citizen/token")
    assert not edge.is_public("GET", "/v1/citizen/applications")
    assert not edge.is_public("GET", "/v1/citizen/access-log")
