"""Whose address a request comes from, and the `X-Forwarded-For` the gateway passes on.

A client writes whatever it likes in `X-Forwarded-For`, so the gateway believes an entry only
if the hop that appended it is a configured proxy (`trusted_proxies`): walking the chain from
the TCP peer leftwards, the first hop that is not a trusted proxy is the client. With no
trusted proxies (the default) that is always the TCP peer. The services get one
`X-Forwarded-For` whose rightmost entry is that choice: the gateway appends, and what the
client wrote stays to the left, where nobody downstream takes it for the client. (uvicorn's
own reading of the header is switched off wherever the gateway is served, so the peer here
is the real one.)
"""

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
IP = ipaddress.IPv4Address | ipaddress.IPv6Address

UNKNOWN = "unknown"  # RFC 7239's word for a hop whose address is not known
# Entries kept of a client's chain: enough for any real proxy path, bounded for the rest.
_KEPT_ENTRIES = 16


def parse_networks(value: str | Iterable[object]) -> tuple[Network, ...]:
    """CIDRs (or bare addresses) from a comma-separated string or a list; ValueError if bad."""
    items = value.split(",") if isinstance(value, str) else [str(item) for item in value]
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())


def _ip(entry: str) -> IP | None:
    """The address of one chain entry (`1.2.3.4`, `1.2.3.4:80`, `[::1]:80`, `::1`), or None."""
    text = entry.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _trusted(ip: IP | None, trusted: Sequence[Network]) -> bool:
    return ip is not None and any(ip in network for network in trusted)


def choose(
    peer: str | None, chain: Sequence[str], trusted: Sequence[Network]
) -> tuple[str, list[str]]:
    """(the client's address, the chain to forward, ending with it) for a request from `peer`
    that carried `chain` (every `X-Forwarded-For` entry, left to right)."""
    entries = [_ip(entry) for entry in chain[-_KEPT_ENTRIES:]]
    hops = [*entries, _ip(peer or "")]
    # From the peer leftwards, skip trusted proxies; the first other hop is the client.
    index = len(hops) - 1
    while index > 0 and _trusted(hops[index], trusted):
        index -= 1
    if hops[index] is None and index < len(hops) - 1:
        # A trusted proxy vouched for a hop it could not name: that proxy is the client.
        index += 1
    client = str(hops[index]) if hops[index] is not None else (peer or UNKNOWN)
    kept = [str(ip) if ip is not None else UNKNOWN for ip in hops[:index]]
    return client, [*kept, client]


def _chain(request: Request) -> list[str]:
    values = request.headers.getlist("x-forwarded-for")
    return [entry for value in values for entry in value.split(",") if entry.strip()]


def _networks(request: Request) -> Sequence[Network]:
    # No state before the gateway's lifespan has run (or in an app of a test): trust none.
    state = getattr(request.app.state, "gateway", None)
    return state.settings.trusted_proxies if state is not None else ()


def client_address(request: Request) -> str:
    """The address of the client that sent `request` (see the module's note)."""
    peer = request.client.host if request.client else None
    return choose(peer, _chain(request), _networks(request))[0]


def forwarded_for(request: Request) -> str:
    """The `X-Forwarded-For` value to send upstream: the chain ending with the client."""
    peer = request.client.host if request.client else None
    return ", ".join(choose(peer, _chain(request), _networks(request))[1])
