"""Platform checks for `awstutor doctor`: does Slack / Discord accept the configured tokens?

The SDKs are imported lazily so `doctor` works in an install without them. Token values are
never printed: only which variable was accepted or rejected, and Slack's or Discord's error code.
Run standalone as `python -m adapters.doctor doctor|backup|restore|health`.
"""

from __future__ import annotations

import re
import sys

from bot.config import Settings
from bot.doctor import Check

TIMEOUT = 10.0
_SIGNING_SECRET = re.compile(r"^[0-9a-f]{32}$")


async def check_platforms(settings: Settings) -> list[Check]:
    """A check per configured platform; platforms without tokens are skipped."""
    checks: list[Check] = []
    if settings.slack_bot_token or settings.slack_app_token:
        checks.extend(await check_slack(settings))
    else:
        checks.append(Check("slack", "skip", "SLACK_BOT_TOKEN not set"))
    if settings.discord_token:
        checks.append(await check_discord(settings))
    else:
        checks.append(Check("discord", "skip", "DISCORD_TOKEN not set"))
    return checks


async def check_slack(settings: Settings) -> list[Check]:
    """auth.test with the bot token, apps.connections.open with the app token, a format check
    of the signing secret (Slack cannot verify it remotely)."""
    checks = []
    if settings.slack_bot_token:
        checks.append(await slack_call(settings, "SLACK_BOT_TOKEN", settings.slack_bot_token, "auth.test"))
    if settings.slack_app_token:
        checks.append(await slack_call(settings, "SLACK_APP_TOKEN", settings.slack_app_token, "apps.connections.open"))
    if settings.slack_signing_secret and not _SIGNING_SECRET.match(settings.slack_signing_secret):
        checks.append(Check("slack", "warn", "SLACK_SIGNING_SECRET does not look like Slack's 32 hex characters",
                            "copy it again from the app's Basic Information page"))
    return checks


async def slack_call(settings: Settings, name: str, token: str, method: str) -> Check:
    """Call `method` with the token of variable `name`; "ok", or "fail" with Slack's error code
    and the fix (also used by `awstutor slack` at start-up)."""
    try:
        from slack_sdk.errors import SlackApiError
        from slack_sdk.web.async_client import AsyncWebClient
    except ImportError:
        return Check("slack", "fail", "slack_sdk is not installed", "pip install 'awstutor[slack]'")
    client = AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=int(TIMEOUT))
    try:
        response = await client.api_call(method)
    except SlackApiError as err:
        code = err.response.get("error", "unknown_error")
        return Check("slack", "fail", f"Slack rejected {name} ({code})", _slack_fix(name, str(code)))
    except Exception as err:  # network: name the URL, never the token
        return Check("slack", "fail", f"cannot reach Slack at {settings.slack_api_url}: {type(err).__name__}",
                     "check the network and SLACK_API_URL")
    if method == "auth.test":
        detail = f"Slack accepts {name} (team {response.get('team', response.get('team_id', '?'))}, bot user {response.get('user_id', '?')})"
    else:
        detail = f"Slack accepts {name} (Socket Mode connections can be opened)"
    return Check("slack", "ok", detail)


def _slack_fix(name: str, code: str) -> str:
    if code in {"invalid_auth", "not_authed", "token_revoked", "account_inactive"}:
        where = "Basic Information > App-Level Tokens (scope connections:write)" if name == "SLACK_APP_TOKEN" \
            else "OAuth & Permissions (reinstall the app to the workspace)"
        return f"copy a fresh {name} from the Slack app's {where}"
    return "see https://api.slack.com/methods for the error code"


async def check_discord(settings: Settings) -> Check:
    """GET /users/@me (and /oauth2/applications/@me when DISCORD_APPLICATION_ID is set)."""
    import aiohttp

    headers = {"Authorization": f"Bot {settings.discord_token}", "User-Agent": "awstutor-doctor"}
    base = settings.discord_api_url
    try:
        async with aiohttp.ClientSession(headers=headers, timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as http:
            async with http.get(base + "users/@me") as resp:
                if resp.status in (401, 403):
                    return Check("discord", "fail", f"Discord rejected DISCORD_TOKEN (HTTP {resp.status})",
                                 "reset the token on the Developer Portal's Bot page and copy it again")
                resp.raise_for_status()
                user = await resp.json(content_type=None)
            app_id = ""
            if settings.discord_application_id:
                async with http.get(base + "oauth2/applications/@me") as resp:
                    resp.raise_for_status()
                    app_id = str((await resp.json(content_type=None)).get("id", ""))
    except Exception as err:
        return Check("discord", "fail", f"cannot reach Discord at {base}: {type(err).__name__}",
                     "check the network and DISCORD_API_URL")
    if app_id and app_id != settings.discord_application_id:
        return Check("discord", "fail", f"DISCORD_TOKEN belongs to application {app_id}, "
                     f"not DISCORD_APPLICATION_ID {settings.discord_application_id}",
                     "use the token and the application id of the same app")
    return Check("discord", "ok", f"Discord accepts DISCORD_TOKEN (bot {user.get('username', '?')})")


if __name__ == "__main__":
    from bot.ops import main

    sys.exit(main(sys.argv[1:], platform_checks=check_platforms))
