"""The client's address, as the rate limits on signing in count it.

The connection's peer is the client, unless the peer is one of the reverse proxies named by
`CHIBO_TRUSTED_PROXIES` (none by default). Then X-Forwarded-For is read from the right: each
proxy appends the address it got the request from, so the first address from the right that is
not itself a trusted proxy is the client; anything left of it was written by the client and is
not believed. `chibo serve` turns uvicorn's own proxy handling off, so this is the one place
where the header is trusted.

IPv6 clients are counted by their /64 network: a single host is usually given a whole /64, and
counting its addresses one by one would let it change address with every guess.
"""

from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

from starlette.requests import Request

from chibo.config import Settings, trusted_networks

IPAddress = IPv4Address | IPv6Address


def _parse(text: str) -> IPAddress | None:
    try:
        address = ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _key(address: IPAddress) -> str:
    if isinstance(address, IPv6Address):
        return str(IPv6Network((address, 64), strict=False))
    return str(address)


def client_address(request: Request, settings: Settings) -> str:
    """The address (or IPv6 /64 network) the request is counted under."""
    peer_text = request.client.host if request.client else ""
    peer = _parse(peer_text)
    if peer is None:
        # Not an IP (a Unix socket, an in-process test client): one shared bucket per name.
        return (peer_text or "unknown")[:64]
    proxies = trusted_networks(settings.trusted_proxies)

    def trusted(address: IPAddress) -> bool:
        return any(address in network for network in proxies)

    if not trusted(peer):
        return _key(peer)
    hops = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
    client = peer
    for text in reversed(hops):
        if not text.strip():
            continue
        hop = _parse(text)
        if hop is None:
            break  # garbage: the last proxy we trust is the best we know
        client = hop
        if not trusted(hop):
            break
    return _key(client)
