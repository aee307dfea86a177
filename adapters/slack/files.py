"""A reply's file (an export): uploaded to Slack, since a message or a response_url cannot carry one.

Slack files cannot be ephemeral. A private reply's file goes to the person's DM with the app
(`conversations.open`: `files.completeUploadExternal` takes only C/G/D conversation ids, never a
user id) and the reply left in the channel says so; a public reply's file is shared where the
reply goes. Either way the reply comes back without its attachment, ready to send as a message.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from adapters.slack import render
from adapters.slack.poster import SlackApi
from bot.model import Place, PostError, Reply

log = logging.getLogger(__name__)

NO_SCOPE = Reply(
    text="I could not send you the file: this Slack app lacks the files:write or im:write permission. "
         "Ask a workspace admin to reinstall awstutor from slack/manifest.yml, then try again.",
    tone="error",
)


async def deliver(api: SlackApi, reply: Reply, place: Place, user_id: str) -> Reply:
    """Upload `reply.attachment` (if any); return what to post as the message instead."""
    attachment = reply.attachment
    if attachment is None:
        return reply
    try:
        channel = await dm_channel(api, user_id) if reply.private else place.channel
        thread = place.thread if channel == place.channel else None
        await api.upload(channel, attachment, comment=render.escape(reply.title), thread_ts=thread)
    except PostError as err:
        if err.reason != "missing_scope":
            raise
        log.warning("could not upload a file: missing scope", extra={"detail": err.detail})
        return NO_SCOPE
    if channel == place.channel:
        return replace(reply, attachment=None)
    return replace(reply, attachment=None,
                   text=f"I sent you {attachment.filename} by direct message: Slack cannot show a file "
                        "to you alone in a channel.")


async def dm_channel(api: SlackApi, user_id: str) -> str:
    """The id (D...) of the app's DM with `user_id`, opening it if needed."""
    data = await api.call("conversations.open", users=user_id)
    channel = str((data.get("channel") or {}).get("id", ""))
    if not channel:
        raise PostError("other", "conversations.open: no channel id")
    return channel
