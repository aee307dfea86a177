"""Gateway payloads exactly as Discord dispatches them: INTERACTION_CREATE and MESSAGE_CREATE.

Used with `adapters.testing.discord_fake.FakeDiscord.dispatch` by the tests and the bench.
"""

from __future__ import annotations

from typing import Any

from adapters.testing.discord_fake import APP_ID, BOT_ID, message_payload, text_channel, user

MANAGE_GUILD = 1 << 5
MEMBER_PERMS = (1 << 10) | (1 << 11)  # view channel, send messages


def member(user_id: str, admin: bool = False) -> dict[str, Any]:
    """A guild member object carrying its permissions (as interactions do)."""
    perms = MEMBER_PERMS | (MANAGE_GUILD if admin else 0)
    return {"user": user(user_id), "roles": [], "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False, "mute": False, "flags": 0, "permissions": str(perms)}


def _interaction(interaction_id: str, kind: int, data: dict[str, Any], user_id: str,
                 guild_id: str | None, admin: bool = False, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": interaction_id, "application_id": APP_ID, "type": kind, "data": data,
        "token": f"tok-{interaction_id}", "version": 1, "locale": "en-US",
        "attachment_size_limit": 8 * 1024 * 1024, "entitlements": [], "app_permissions": "0",
        "authorizing_integration_owners": {"0": guild_id or user_id}, **extra,
    }
    if guild_id is None:
        base.update(user=user(user_id), context=1,
                    channel={"id": str(int(user_id) + 1), "type": 1, "recipients": [user(user_id)]},
                    channel_id=str(int(user_id) + 1))
    else:
        channel = str(int(guild_id) + 1)
        base.update(guild_id=guild_id, member=member(user_id, admin), context=0, guild_locale="en-US",
                    channel=text_channel(channel, guild_id), channel_id=channel)
    return base


def slash(interaction_id: str, sub: str, options: dict[str, str], user_id: str,
          guild_id: str | None, admin: bool = False, group: str = "aws") -> dict[str, Any]:
    """`/aws <sub> option:value ...` as a type 2 (application command) interaction."""
    opts = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
    data = {"id": "1", "name": group, "type": 1, "options": [{"name": sub, "type": 1, "options": opts}]}
    return _interaction(interaction_id, 2, data, user_id, guild_id, admin)


def autocomplete(interaction_id: str, sub: str, option: str, typed: str, user_id: str,
                 guild_id: str) -> dict[str, Any]:
    """Typing in an autocompleted option: a type 4 interaction with the focused option."""
    opts = [{"name": option, "type": 3, "value": typed, "focused": True}]
    data = {"id": "1", "name": "aws", "type": 1, "options": [{"name": sub, "type": 1, "options": opts}]}
    return _interaction(interaction_id, 4, data, user_id, guild_id)


def button(interaction_id: str, custom_id: str, message: dict[str, Any], user_id: str,
           guild_id: str | None) -> dict[str, Any]:
    """A button press on `message` (type 3 interaction)."""
    data = {"custom_id": custom_id, "component_type": 2}
    return _interaction(interaction_id, 3, data, user_id, guild_id, message=message)


def channel_message(message_id: str, channel_id: str, author_id: str, content: str,
                    guild_id: str | None, mentions_bot: bool = False) -> dict[str, Any]:
    """MESSAGE_CREATE for a guild channel (guild_id set) or a DM (guild_id None)."""
    mentions = [user(BOT_ID, "awstutor", bot=True)] if mentions_bot else []
    data = message_payload(message_id, channel_id, user(author_id), content, mentions=mentions)
    if guild_id is not None:
        data.update(guild_id=guild_id, member={k: v for k, v in member(author_id).items() if k != "user"})
    return data
