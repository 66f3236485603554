"""Where a webhook may be sent: no request of ours may reach the platform's own network.

Outside the embedded/dev profile a receiver must be `https` and every address its host
resolves to must be public: not loopback, private (RFC 1918, fc00::/7), link-local (with the
cloud metadata address 169.254.169.254), shared (CGNAT 100.64/10), unspecified, multicast or
reserved, nor an IPv6 form that embeds one of those (IPv4-mapped, 6to4, NAT64). One bad
address refuses the host: a resolver may hand out the good one to the check and the bad one
to the connection.

Checked twice: when a subscription is made (`check_url`, a 422), and at every delivery by
the `GuardedResolver` the delivery session connects through: it vets what it resolved and
gives the connector only those addresses, so a DNS answer that changes between the check
and the connection (rebinding) cannot pass. Redirects are never followed (the dispatcher).
The embedded/dev profile allows `http` and loopback and private receivers (local tests,
compose networks); link-local and metadata addresses stay refused everywhere. An operator
may trust networks of its own (WEBHOOK_TRUSTED_NETWORKS, e.g. agencies reached over a
government intranet): addresses in them pass, the metadata address never.
"""

import asyncio
import ipaddress
import socket
import urllib.parse
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from aiohttp import abc as aiohttp_abc

from panjereh import problems
from panjereh.settings import Profile

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Trusted = Sequence[Network]
Resolve = Callable[[str, int], Awaitable[Sequence[str]]]
"""(host, port) → the addresses it resolves to; injectable so tests need no network."""

MAX_URL_LENGTH = 2048
METADATA = ipaddress.ip_address("169.254.169.254")
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# (what the address is, in English, in Persian), most telling first.
_KINDS: tuple[tuple[Callable[[IPAddress], bool], str, str], ...] = (
    (lambda a: a == METADATA, "the cloud metadata address", "نشانی فراداده‌ی ابر"),
    (lambda a: a.is_loopback, "a loopback address", "یک نشانی loopback (خود میزبان)"),
    (lambda a: a.is_unspecified, "an unspecified address", "یک نشانی نامشخص"),
    (lambda a: a.is_link_local, "a link-local address", "یک نشانی link-local"),
    (lambda a: a.is_multicast, "a multicast address", "یک نشانی چندپخشی"),
    (lambda a: a in CGNAT, "a shared (CGNAT) address", "یک نشانی مشترک (CGNAT)"),
    (lambda a: a.is_reserved, "a reserved address", "یک نشانی رزروشده"),
    (lambda a: a.is_private, "a private address", "یک نشانی خصوصی"),
    (lambda a: not a.is_global, "a non-public address", "یک نشانی غیرعمومی"),
)
# What the embedded/dev profile lets through (local receivers); never link-local/metadata.
_DEMO_ALLOWS = ("a loopback address", "a private address", "a shared (CGNAT) address")


@dataclass(frozen=True)
class Refusal:
    """Why a URL or an address is refused, in English and Persian."""

    code: str
    english: str
    persian: str

    @property
    def text(self) -> str:
        """Both languages in one line: a delivery's `last_error`."""
        return f"{self.english} — {self.persian}"


class UrlRefused(problems.ProblemError):
    """A 422 for a subscription whose URL webhooks may not be sent to."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(
            422,
            f"webhook-url-{refusal.code}",
            refusal.english,
            refusal.persian,
            errors=[problems.FieldError("url", refusal.english)],
        )
        self.refusal = refusal


class AddressRefused(OSError):
    """Raised inside the connector (aiohttp wraps OSErrors of resolution), carrying why."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.english)
        self.refusal = refusal


@dataclass(frozen=True)
class Target:
    host: str
    port: int


def parse(url: str, *, profile: Profile, trusted: Trusted = ()) -> Target:
    """The host and port of a URL webhooks may use in `profile`, or UrlRefused."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port  # a bad port raises here
    except ValueError:
        raise UrlRefused(_invalid()) from None
    if len(url) > MAX_URL_LENGTH or parts.scheme not in ("http", "https") or not host:
        raise UrlRefused(_invalid())
    if parts.username is not None or parts.password is not None:
        raise UrlRefused(
            Refusal(
                "credentials",
                "The URL must not carry a user name or password.",
                "نشانی نباید نام کاربری یا گذرواژه داشته باشد.",
            )
        )
    if parts.scheme != "https" and not _is_demo(profile):
        raise UrlRefused(
            Refusal(
                "not-https",
                "Only https URLs are accepted for webhooks.",
                "برای وب‌هوک فقط نشانی https پذیرفته می‌شود.",
            )
        )
    literal = _literal(host)
    if literal is not None and (
        refusal := refusal_of(literal, host=host, profile=profile, trusted=trusted)
    ):
        raise UrlRefused(refusal)
    return Target(host, port or (443 if parts.scheme == "https" else 80))


def refusal_of(
    address: IPAddress, *, host: str, profile: Profile, trusted: Trusted = ()
) -> Refusal | None:
    """Why `profile` may not send to `address` (which `host` resolved to), or None. An
    address in a network the operator trusts passes (never the metadata address)."""
    kinds = _kinds_of(address)
    if not kinds:
        return None
    _, english, persian = kinds[0]
    if _is_demo(profile) and english in _DEMO_ALLOWS:
        return None
    if address != METADATA and any(address in network for network in trusted):
        return None
    return Refusal(
        "address",
        f"The host {host} resolves to {address}, {english}, which webhooks may not be sent to.",
        f"میزبان {host} به {address} می‌رسد، {persian}، که وب‌هوک به آن فرستاده نمی‌شود.",
    )


def _kinds_of(address: IPAddress) -> list[tuple[Callable[[IPAddress], bool], str, str]]:
    """What the address is, most telling first; an IPv4 address an IPv6 one carries is
    judged first (::ffff:10.0.0.1 is private before it is IPv6-reserved)."""
    forms = _forms(address)
    return [entry for form in [*forms[1:], forms[0]] for entry in _KINDS if entry[0](form)]


async def system_resolve(host: str, port: int) -> Sequence[str]:
    """The system resolver, in the loop's executor (getaddrinfo blocks)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def check_url(
    url: str, *, profile: Profile, resolve: Resolve = system_resolve, trusted: Trusted = ()
) -> None:
    """Refuse (UrlRefused, a 422) a subscription URL webhooks may not be sent to."""
    target = parse(url, profile=profile, trusted=trusted)
    await vetted_addresses(
        target, profile=profile, resolve=resolve, refuse=UrlRefused, trusted=trusted
    )


async def vetted_addresses(
    target: Target,
    *,
    profile: Profile,
    resolve: Resolve,
    refuse: Callable[[Refusal], Exception],
    trusted: Trusted = (),
) -> list[IPAddress]:
    """Every address `target` resolves to, if all of them may be reached; else `refuse`."""
    literal = _literal(target.host)
    try:
        found = [str(literal)] if literal is not None else await resolve(target.host, target.port)
    except OSError:
        found = []
    addresses = [_address(text) for text in found]
    if not addresses:
        raise refuse(
            Refusal(
                "unresolvable",
                f"The host {target.host} does not resolve to any address.",
                f"نام میزبان {target.host} به هیچ نشانی‌ای نمی‌رسد.",
            )
        )
    for address in addresses:
        if refusal := refusal_of(address, host=target.host, profile=profile, trusted=trusted):
            raise refuse(refusal)
    return addresses


class GuardedResolver(aiohttp_abc.AbstractResolver):
    """aiohttp's resolver for deliveries: the connector connects only to what this vetted."""

    def __init__(
        self, *, profile: Profile, resolve: Resolve = system_resolve, trusted: Trusted = ()
    ) -> None:
        self._profile = profile
        self._resolve = resolve
        self._trusted = trusted

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp_abc.ResolveResult]:
        addresses = await vetted_addresses(
            Target(host, port),
            profile=self._profile,
            resolve=self._resolve,
            refuse=AddressRefused,
            trusted=self._trusted,
        )
        return [_result(host, port, address) for address in addresses]

    async def close(self) -> None:
        """Nothing held."""


def refusal_in(error: BaseException) -> Refusal | None:
    """The refusal behind a client error (aiohttp wraps the resolver's), if there is one."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, AddressRefused | UrlRefused):
            return seen.refusal
        seen = seen.__cause__ or seen.__context__
    return None


def _result(host: str, port: int, address: IPAddress) -> aiohttp_abc.ResolveResult:
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    return {
        "hostname": host,
        "host": str(address),
        "port": port,
        "family": family,
        "proto": 0,
        "flags": socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
    }


def _forms(address: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address it carries (an IPv6 way of writing a private v4)."""
    forms: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address in NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        forms += [v4 for v4 in embedded if v4 is not None]
    return forms


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def _address(text: str) -> IPAddress:
    # A scoped IPv6 answer ("fe80::1%eth0") keeps its address; the scope is not a network.
    return ipaddress.ip_address(text.split("%")[0])


def _is_demo(profile: Profile) -> bool:
    return profile in (Profile.EMBEDDED, Profile.DEV)


def _invalid() -> Refusal:
    return Refusal(
        "invalid",
        "The URL is not a valid http(s) URL with a host.",
        "نشانی یک نشانی http(s) معتبر با نام میزبان نیست.",
    )
