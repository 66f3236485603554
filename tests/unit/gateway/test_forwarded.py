"""The gateway's choice of the client's address (issue #14, finding 4): the client's own
X-Forwarded-For is believed only from configured proxies."""

import httpx
import pytest

from gateway.forwarded import choose, parse_networks
from gateway.main import create_app
from gateway.settings import GatewaySettings
from tests.support import LifespanManager

NONE: tuple[()] = ()
INGRESS = parse_networks("10.0.0.0/8, fd00::/8")


def test_with_no_trusted_proxy_the_peer_is_the_client_and_the_gateway_appends() -> None:
    client, chain = choose("198.51.100.9", ["1.2.3.4", "5.6.7.8"], NONE)
    assert client == "198.51.100.9"
    assert chain == ["1.2.3.4", "5.6.7.8", "198.51.100.9"]  # rightmost: the gateway's choice


def test_a_loopback_peer_is_not_trusted_by_default() -> None:
    assert choose("127.0.0.1", ["203.0.113.50"], NONE)[0] == "127.0.0.1"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() -> None:
    # The client wrote "6.6.6.6"; the ingress (10.1.1.1) appended the real peer 203.0.113.7.
    client, chain = choose("10.1.1.1", ["6.6.6.6", "203.0.113.7"], INGRESS)
    assert client == "203.0.113.7"
    assert chain == ["6.6.6.6", "203.0.113.7"]


def test_a_chain_of_trusted_proxies_is_walked_past() -> None:
    assert choose("10.1.1.1", ["203.0.113.7", "10.2.2.2", "10.3.3.3"], INGRESS)[0] == (
        "203.0.113.7"
    )


def test_a_peer_outside_the_trusted_ranges_cannot_claim_anything() -> None:
    assert choose("203.0.113.66", ["10.0.0.1", "1.1.1.1"], INGRESS)[0] == "203.0.113.66"


@pytest.mark.parametrize(
    ("entry", "client"),
    [
        ("203.0.113.7:5555", "203.0.113.7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:db8::7", "2001:db8::7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_entries_with_ports_and_v6_forms_are_read(entry: str, client: str) -> None:
    assert choose("10.1.1.1", [entry], INGRESS)[0] == client


def test_garbage_vouched_for_by_a_proxy_makes_that_proxy_the_client() -> None:
    client, chain = choose("10.1.1.1", ["<script>", "unknown"], INGRESS)
    assert client == "10.1.1.1"
    assert chain == ["unknown", "unknown", "10.1.1.1"]


def test_what_a_client_wrote_is_forwarded_only_as_addresses_and_bounded() -> None:
    chain = choose("198.51.100.9", ["evil\u0000", "۱.۲.۳.۴"] + ["1.1.1.1"] * 100, NONE)[1]
    assert len(chain) <= 17 and chain[-1] == "198.51.100.9"
    assert all(entry.isascii() for entry in chain)


def test_no_peer_and_no_chain() -> None:
    assert choose(None, [], NONE) == ("unknown", ["unknown"])


def test_the_setting_reads_comma_separated_cidrs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert GatewaySettings().trusted_proxies == ()
    monkeypatch.setenv("PANJEREH_GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1 ,fd00::/8")
    assert [str(n) for n in GatewaySettings().trusted_proxies] == [
        "10.0.0.0/8",
        "192.0.2.1/32",
        "fd00::/8",
    ]
    monkeypatch.setenv("PANJEREH_GATEWAY_TRUSTED_PROXIES", "not-a-network")
    with pytest.raises(ValueError, match="trusted_proxies"):
        GatewaySettings()


async def _sent_upstream(settings: GatewaySettings, headers: dict[str, str]) -> httpx.Headers:
    """The headers the gateway sends the status service for one public lookup."""
    seen: list[httpx.Headers] = []

    def status_service(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(404, json={})

    app = create_app(settings, transports={"status": httpx.MockTransport(status_service)})
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("198.51.100.9", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            await client.get("/v1/status/1234567890128", headers=headers)
    (sent,) = seen
    return sent


@pytest.mark.asyncio
async def test_the_gateway_forwards_one_x_forwarded_for_of_its_own_making() -> None:
    forged = {"X-Forwarded-For": "6.6.6.6", "X-Real-IP": "6.6.6.6", "Forwarded": "for=6.6.6.6"}
    sent = await _sent_upstream(GatewaySettings(), forged)
    assert sent.get_list("x-forwarded-for") == ["6.6.6.6, 198.51.100.9"]
    assert "x-real-ip" not in sent and "forwarded" not in sent
    behind = GatewaySettings(trusted_proxies="198.51.100.0/24")
    sent = await _sent_upstream(behind, {"X-Forwarded-For": "6.6.6.6, 203.0.113.7"})
    assert sent.get_list("x-forwarded-for") == ["6.6.6.6, 203.0.113.7"]  # ends with the client
