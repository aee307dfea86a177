"""A reply's file (the admin export) on every way an answer leaves: the callback, the edit that
replaces a deferral's "thinking...", and a DM."""

from __future__ import annotations

import asyncio

from dchelpers import ADMIN, GUILD, MEMBER, harness_for, make_deps, text_of
from storedquiz import EXPORT_CSV, StoredQuiz

from adapters.testing.discord_payloads import slash
from bot.model import Reply, Request

EPHEMERAL = 64


async def test_export_is_one_ephemeral_callback_with_the_file(dc):
    call = await dc.interact(slash(dc.next_id(), "export", {}, ADMIN, GUILD, admin=True, group="aws-admin"))
    assert call.data["type"] == 4 and call.data["data"]["flags"] & EPHEMERAL
    [sent] = call.files
    assert (sent.filename, sent.content) == ("results.csv", EXPORT_CSV)
    assert call.data["data"]["attachments"] == [{"id": 0, "filename": "results.csv"}]


async def test_export_refused_for_a_member_sends_no_file(dc):
    call = await dc.interact(slash(dc.next_id(), "export", {}, MEMBER, GUILD, group="aws-admin"))
    assert "Only channel admins" in text_of(call) and call.files == []
    assert not [c for c in dc.fake.calls if c.files]


class SlowExport(StoredQuiz):
    """Exports only once the test lets it (a big channel's export can be slow)."""

    release: asyncio.Event

    async def command(self, request: Request, name: str, args: str) -> Reply:
        await self.release.wait()
        return await super().command(request, name, args)


async def test_a_slow_export_arrives_with_the_edit_that_replaces_thinking(fake, tutor, store):
    quiz = SlowExport(store)
    quiz.release = asyncio.Event()
    async with harness_for(fake, make_deps(tutor, quiz, defer_after=0.05), quiz) as h:
        deferred = await h.interact(slash(h.next_id(), "export", {}, ADMIN, GUILD, admin=True, group="aws-admin"))
        assert deferred.data["type"] == 5 and deferred.data["data"]["flags"] & EPHEMERAL
        quiz.release.set()
        [edit] = await fake.wait_for(r"PATCH /webhooks/\d+/[^/]+/messages/@original")
    [sent] = edit.files
    assert (sent.filename, sent.content) == ("results.csv", EXPORT_CSV)
    assert "Results export" in text_of(edit)
