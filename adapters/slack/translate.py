"""Slack payload -> the core's Request / Click. Pure: dicts in, frozen dataclasses out.

One lookup table from payload kind to builder; a kind without a builder, or a payload a builder
declines (bot messages, edits, empty actions), gives None and is ignored.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from bot.model import Click, Place, Request, User

Payload = Mapping[str, Any]
Inbound = Request | Click


def inbound(kind: str, body: Payload) -> Inbound | None:
    """Translate a payload of `kind` ("slash_command", "app_mention", "message",
    "block_actions"); None for anything the bot should not answer."""
    builder = BUILDERS.get(kind)
    return builder(body) if builder else None


# Slack's markup: <@U123> (a user, the bot at the start of a mention), <!channel>, <!here|here>,
# <#C123|general>. None of it is part of the question, and the core never sees it.
_MARKUP = re.compile(r"<[!@#][^<>\n]{0,100}>")


def text_of(raw: object) -> str:
    """What the person typed, as the core reads it: markup gone, Slack's &amp; &lt; &gt; undone."""
    return html.unescape(_MARKUP.sub(" ", str(raw or ""))).strip()


def user_id(body: Payload) -> str:
    """The acting user's id in any of the payload shapes (empty if there is none)."""
    if "user_id" in body:
        return str(body["user_id"])
    user = body.get("user") or body.get("event", {}).get("user") or ""
    return str(user.get("id", "")) if isinstance(user, Mapping) else str(user)


def team_id(body: Payload) -> str:
    """The workspace id in any of the payload shapes."""
    team = body.get("team_id") or body.get("team") or ""
    return str(team.get("id", "")) if isinstance(team, Mapping) else str(team)


def _from_command(body: Payload) -> Request | None:
    channel = str(body.get("channel_id", ""))
    place = Place(
        platform="slack",
        channel=channel,
        workspace=team_id(body),
        is_dm=body.get("channel_name") == "directmessage" or channel.startswith("D"),
    )
    user = User(id=str(body.get("user_id", "")), name=str(body.get("user_name", "")))
    return Request(user=user, place=place, text=text_of(body.get("text")))


def _from_mention(body: Payload) -> Request | None:
    event = body.get("event", {})
    if event.get("bot_id") or event.get("subtype") or not event.get("user"):
        return None
    place = Place(
        platform="slack",
        channel=str(event.get("channel", "")),
        workspace=team_id(body),
        thread=str(event.get("thread_ts") or event.get("ts") or "") or None,
        is_dm=event.get("channel_type") == "im",
    )
    return Request(user=User(id=str(event["user"])), place=place, text=text_of(event.get("text")), via="mention")


def _from_message(body: Payload) -> Request | None:
    # Only direct messages: channel chatter reaches the bot through app_mention instead.
    if body.get("event", {}).get("channel_type") != "im":
        return None
    return _from_mention(body)


def _from_block_action(body: Payload) -> Click | None:
    actions = body.get("actions") or []
    if not actions:
        return None
    action = actions[0]
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
    place = Place(
        platform="slack",
        channel=str(channel),
        workspace=team_id(body),
        thread=message.get("thread_ts"),
        is_dm=str(channel).startswith("D"),
    )
    user = body.get("user") or {}
    return Click(
        user=User(id=str(user.get("id", "")), name=str(user.get("username", ""))),
        place=place,
        # The full core id rides in `value`; action_id may be a digest of a long one.
        action_id=str(action.get("value") or action.get("action_id", "")),
    )


BUILDERS: dict[str, Callable[[Payload], Inbound | None]] = {
    "slash_command": _from_command,
    "app_mention": _from_mention,
    "message": _from_message,
    "block_actions": _from_block_action,
}
