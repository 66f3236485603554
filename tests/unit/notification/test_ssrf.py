"""The SSRF guard: in production only https to public addresses, checked after resolution;
the embedded/dev profile allows local receivers. No network: resolvers are injected
(`localhost` is answered by the hosts file)."""

import ipaddress
from collections.abc import Sequence
from typing import Any

import aiohttp
import pytest

from notification_service.webhooks import ssrf
from panjereh.settings import Profile

pytestmark = pytest.mark.asyncio
PRODUCTION, EMBEDDED, DEV = Profile.PRODUCTION, Profile.EMBEDDED, Profile.DEV
PUBLIC = "93.184.215.14"


def answering(*addresses: str) -> ssrf.Resolve:
    async def resolve(host: str, port: int) -> Sequence[str]:
        return list(addresses)

    return resolve


async def unresolvable(host: str, port: int) -> Sequence[str]:
    raise OSError("Name or service not known")


async def refused(url: str, *, profile: Profile, resolve: ssrf.Resolve) -> ssrf.UrlRefused:
    with pytest.raises(ssrf.UrlRefused) as caught:
        await ssrf.check_url(url, profile=profile, resolve=resolve)
    error = caught.value
    assert error.status == 422
    assert error.detail_en and error.detail_fa and error.detail_en != error.detail_fa
    assert error.errors[0].field == "url"
    return error


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://127.0.0.1/hook", "loopback"),
        ("https://10.0.0.1/hook", "private"),
        ("https://192.168.1.20/hook", "private"),
        ("https://169.254.169.254/latest/meta-data", "metadata"),
        ("https://[::1]/hook", "loopback"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback"),
        ("https://[::ffff:10.0.0.1]/hook", "private"),
        ("https://[fd00::1]/hook", "private"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[2002:7f00:1::]/hook", "loopback"),  # 6to4 around 127.0.0.1
        ("https://[64:ff9b::a00:1]/hook", "private"),  # NAT64 around 10.0.0.1
        ("https://100.64.0.1/hook", "CGNAT"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://240.0.0.1/hook", "reserved"),
    ],
)
async def test_production_refuses_an_address_that_is_not_public(url: str, kind: str) -> None:
    error = await refused(url, profile=PRODUCTION, resolve=answering(PUBLIC))
    assert kind in error.detail_en
    assert error.code == "webhook-url-address"


async def test_a_hostname_resolving_to_loopback_is_refused() -> None:
    error = await refused(
        "https://localhost:8443/hook", profile=PRODUCTION, resolve=ssrf.system_resolve
    )
    assert "localhost" in error.detail_en and "loopback" in error.detail_en


async def test_one_private_answer_among_public_ones_refuses_the_host() -> None:
    error = await refused(
        "https://agency.example/hook",
        profile=PRODUCTION,
        resolve=answering(PUBLIC, "10.1.2.3"),
    )
    assert "10.1.2.3" in error.detail_en


async def test_production_refuses_http() -> None:
    error = await refused(
        "http://agency.example/hook", profile=PRODUCTION, resolve=answering(PUBLIC)
    )
    assert error.code == "webhook-url-not-https"
    assert "https" in error.detail_fa


@pytest.mark.parametrize(
    "url",
    ["ftp://agency.example/x", "https:///nohost", "not a url", "https://agency.example:99999/", ""],
)
async def test_a_malformed_url_is_refused(url: str) -> None:
    error = await refused(url, profile=PRODUCTION, resolve=answering(PUBLIC))
    assert error.code == "webhook-url-invalid"


async def test_a_url_with_credentials_is_refused() -> None:
    error = await refused(
        "https://user:pw@agency.example/hook", profile=PRODUCTION, resolve=answering(PUBLIC)
    )
    assert error.code == "webhook-url-credentials"


async def test_a_host_that_does_not_resolve_is_refused() -> None:
    error = await refused("https://nowhere.example/hook", profile=PRODUCTION, resolve=unresolvable)
    assert error.code == "webhook-url-unresolvable"


async def test_an_overlong_url_is_refused() -> None:
    url = "https://agency.example/" + "a" * ssrf.MAX_URL_LENGTH
    assert (await refused(url, profile=PRODUCTION, resolve=answering(PUBLIC))).code == (
        "webhook-url-invalid"
    )


async def test_a_public_https_url_is_accepted_without_network() -> None:
    await ssrf.check_url(
        "https://hooks.agency.example/panjereh?x=1", profile=PRODUCTION, resolve=answering(PUBLIC)
    )
    await ssrf.check_url(
        "https://[2001:4860:4860::8888]/hook", profile=PRODUCTION, resolve=unresolvable
    )


@pytest.mark.parametrize("profile", [EMBEDDED, DEV])
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9000/hook", "http://localhost:9000/hook", "http://10.0.0.5/hook"]
)
async def test_the_demo_profiles_allow_local_receivers(profile: Profile, url: str) -> None:
    await ssrf.check_url(url, profile=profile, resolve=answering("127.0.0.1"))


@pytest.mark.parametrize("profile", [EMBEDDED, DEV])
async def test_the_demo_profiles_still_refuse_the_metadata_address(profile: Profile) -> None:
    error = await refused("http://169.254.169.254/", profile=profile, resolve=answering(PUBLIC))
    assert "metadata" in error.detail_en


async def test_the_delivery_resolver_gives_the_connector_only_vetted_addresses() -> None:
    resolver = ssrf.GuardedResolver(profile=PRODUCTION, resolve=answering(PUBLIC, "2001:db8::1"))
    with pytest.raises(ssrf.AddressRefused):  # 2001:db8::/32 is documentation, not public
        await resolver.resolve("agency.example", 443)
    resolver = ssrf.GuardedResolver(profile=PRODUCTION, resolve=answering(PUBLIC))
    [result] = await resolver.resolve("agency.example", 443)
    assert (result["host"], result["port"], result["hostname"]) == (PUBLIC, 443, "agency.example")


async def test_a_rebinding_answer_at_delivery_time_fails_the_request_naming_why() -> None:
    """The subscription's check saw a public address; at delivery the name answers loopback:
    the connection is never made, and the error says why."""
    answers = iter([[PUBLIC], ["127.0.0.1"]])

    async def rebinding(host: str, port: int) -> Sequence[str]:
        return next(answers)

    await ssrf.check_url("https://rebind.example/hook", profile=PRODUCTION, resolve=rebinding)
    connector = aiohttp.TCPConnector(
        resolver=ssrf.GuardedResolver(profile=PRODUCTION, resolve=rebinding), use_dns_cache=False
    )
    async with aiohttp.ClientSession(connector=connector) as session:
        with pytest.raises(aiohttp.ClientError) as caught:
            await session.post("https://rebind.example/hook", data=b"{}")
    refusal = ssrf.refusal_in(caught.value)
    assert refusal is not None and "127.0.0.1" in refusal.english and refusal.persian
    assert "loopback" in refusal.text and "—" in refusal.text


async def test_a_network_the_operator_trusts_passes_in_production_but_never_metadata() -> None:
    intranet = [ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("169.254.0.0/16")]
    await ssrf.check_url(
        "https://agency.intranet/hook",
        profile=PRODUCTION,
        resolve=answering("10.20.3.4"),
        trusted=intranet,
    )
    error = await refused_trusting(intranet, "https://10.21.0.1/hook")  # outside it
    assert "private" in error.detail_en
    error = await refused_trusting(intranet, "https://169.254.169.254/")
    assert "metadata" in error.detail_en


async def refused_trusting(trusted: list[Any], url: str) -> ssrf.UrlRefused:
    with pytest.raises(ssrf.UrlRefused) as caught:
        await ssrf.check_url(url, profile=PRODUCTION, resolve=answering(PUBLIC), trusted=trusted)
    return caught.value
