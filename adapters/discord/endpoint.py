"""DISCORD_API_URL: where discord.py sends its REST calls, and the gateway that API names.

discord.py builds every REST URL from the class attribute `Route.BASE` and connects a plain bot to
`DiscordWebSocket.DEFAULT_GATEWAY`; it has no per-client setting. One bot runs per process, so
setting them at start-up is safe. With the default URL nothing changes; with another one (a proxy,
or the protocol fake in tests) the gateway is the one that API's `GET /gateway` returns, as Discord
asks clients to do.
"""

from __future__ import annotations

import discord
import yarl

DEFAULT_API = "https://discord.com/api/v10"


def point_rest_at(api_url: str) -> bool:
    """Send REST calls to `api_url` unless it is Discord's own API (then nothing is touched);
    True if it is another one."""
    base = api_url.rstrip("/")
    if base == DEFAULT_API:
        return False
    discord.http.Route.BASE = base
    return True


async def use_gateway_of_api(client: discord.Client) -> str:
    """Connect to the gateway the API names (call after login); its URL."""
    answer = await client.http.request(discord.http.Route("GET", "/gateway"))
    url = str(answer["url"])
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    return url
