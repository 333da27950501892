"""Client addresses as the limits and the abuse rules see them: by network, not by address."""

import ipaddress
from functools import lru_cache

from flask import request


@lru_cache(maxsize=65536)  # every request asks for its client's network, often twice
def network(address: str | None, v4_prefix: int, v6_prefix: int) -> str | None:
    """The network of ``address`` (IPv4 ``/v4_prefix``, IPv6 ``/v6_prefix``), or None."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:192.0.2.1 is an IPv4 client
        ip = ip.ipv4_mapped
    prefix = v4_prefix if ip.version == 4 else v6_prefix
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def client_key() -> str:
    """Who a rate limit counts: one IPv4 address, or one IPv6 /64 (what one subscriber gets)."""
    return network(request.remote_addr, 32, 64) or request.remote_addr or "-"
