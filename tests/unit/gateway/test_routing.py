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
