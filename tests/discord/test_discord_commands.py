"""`/aws` slash commands end to end: replies, autocomplete, admin checks, rate limit, defer, errors."""

from __future__ import annotations

import asyncio

import pytest
from dchelpers import ADMIN, GUILD, MEMBER, PLACE, body_of, harness_for, make_deps, text_of
from storedquiz import StoredQuiz

from adapters.discord.bot import Deps
from adapters.discord.commands import Names
from adapters.discord.handlers import Handlers
from adapters.testing.discord_payloads import autocomplete, button, slash
from bot.core import Core
from bot.model import Button, Reply, Request
from bot.pipeline import Pipeline
from bot.ratelimit import RateLimiter

EPHEMERAL = 64


async def test_lookup_answers_once_privately_with_the_service_card(dc):
    call = await dc.interact(slash(dc.next_id(), "lookup", {"service": "sts"}, MEMBER, GUILD))
    assert call.data["type"] == 4 and call.data["data"]["flags"] & EPHEMERAL
    assert "Security Token Service" in text_of(call)
    assert call.data["data"]["allowed_mentions"]["parse"] == []
    assert len(dc.fake.of(r"POST /interactions/")) == 1


async def test_ask_in_a_dm_works_too(dc):
    call = await dc.interact(slash(dc.next_id(), "ask", {"text": "which service gives temporary credentials?"},
                                   MEMBER, None))
    assert call.data["type"] == 4 and "STS" in text_of(call)


async def test_compare_passes_both_services(dc):
    call = await dc.interact(slash(dc.next_id(), "compare", {"first": "sts", "second": "cognito"}, MEMBER, GUILD))
    assert "Cognito" in text_of(call) and "STS" in text_of(call)


async def test_autocomplete_offers_names_and_aliases_at_most_25(dc):
    call = await dc.interact(autocomplete(dc.next_id(), "lookup", "service", "cogn", MEMBER, GUILD))
    assert call.data["type"] == 8
    names = [c["name"] for c in call.data["data"]["choices"]]
    assert names and all("cogn" in n.lower() for n in names)
    assert any(c["value"] == "Amazon Cognito" for c in call.data["data"]["choices"])

    call = await dc.interact(autocomplete(dc.next_id(), "lookup", "service", "", MEMBER, GUILD))
    assert len(call.data["data"]["choices"]) == 25


async def test_quiz_command_shows_one_button_per_option(dc):
    call = await dc.interact(slash(dc.next_id(), "quiz", {}, MEMBER, GUILD))
    [row] = call.data["data"]["components"]
    assert [b["custom_id"] for b in row["components"]] == [f"quiz:p:demo:{o}" for o in "ABCD"]


async def test_schedule_refused_for_a_member_allowed_with_manage_server(dc):
    refused = await dc.interact(slash(dc.next_id(), "schedule", {"when": "09:00 Europe/London"}, MEMBER, GUILD,
                                      group="aws-admin"))
    assert "Manage Server" in text_of(refused) and refused.data["data"]["flags"] & EPHEMERAL
    allowed = await dc.interact(slash(dc.next_id(), "schedule", {"when": "09:00 Europe/London"}, ADMIN, GUILD,
                                      admin=True, group="aws-admin"))
    assert "Scheduled: 09:00 Europe/London" in text_of(allowed)


@pytest.mark.parametrize("dc", [2], indirect=True)
async def test_questions_beyond_the_burst_are_refused_politely(dc):
    texts = []
    for _ in range(3):
        call = await dc.interact(slash(dc.next_id(), "lookup", {"service": "sts"}, MEMBER, GUILD))
        texts.append(text_of(call))
    assert "Security Token Service" in texts[1] and "faster than I can keep up" in texts[2]
    other = await dc.interact(slash(dc.next_id(), "lookup", {"service": "sts"}, ADMIN, GUILD))
    assert "Security Token Service" in text_of(other)  # per person, not per channel


class SlowQuiz(StoredQuiz):
    """A quiz whose `stats` waits until the test lets it go."""

    release: asyncio.Event

    async def command(self, request: Request, name: str, args: str) -> Reply:
        await self.release.wait()
        return Reply(title="Your stats")


async def test_slow_work_is_deferred_then_the_reply_edits_the_deferral(fake, tutor, store):
    quiz = SlowQuiz(store)
    quiz.release = asyncio.Event()
    async with harness_for(fake, make_deps(tutor, quiz, defer_after=0.05), quiz) as h:
        deferred = await h.interact(slash(h.next_id(), "stats", {}, MEMBER, GUILD))
        assert deferred.data["type"] == 5 and deferred.data["data"]["flags"] & EPHEMERAL
        quiz.release.set()
        [edit] = await fake.wait_for(r"PATCH /webhooks/\d+/[^/]+/messages/@original")
        assert "Your stats" in text_of(edit)
        assert len(fake.of(r"POST /interactions/")) == 1


async def test_a_failed_reply_is_logged_and_answered_generically(dc, caplog):
    dc.fake.fail(r"POST /interactions/", 400, {"message": "Invalid Form Body secret-detail", "code": 50035})
    iid = dc.next_id()
    await dc.fake.dispatch("INTERACTION_CREATE", slash(iid, "lookup", {"service": "sts"}, MEMBER, GUILD))
    first, second = await dc.fake.wait_for(rf"POST /interactions/{iid}/", count=2)
    assert "Something went wrong" in text_of(second)
    assert "secret-detail" not in str(body_of(second)) and "Invalid Form" not in str(body_of(second))
    assert "discord interaction failed" in caplog.text


class GatedCore(Core):
    """The real core, answering only once the test lets it."""

    release: asyncio.Event

    async def handle(self, request: Request) -> Reply:
        await self.release.wait()
        return await super().handle(request)


async def test_a_slow_share_is_deferred_publicly(fake, tutor, store):
    quiz = StoredQuiz(store)
    core = GatedCore(tutor, quiz)
    core.release = asyncio.Event()
    deps = Deps(Handlers(Pipeline(core, RateLimiter(50, 6)), defer_after=0.05), Names.from_entries(tutor.notes.entries))
    async with harness_for(fake, deps, quiz) as h:
        deferred = await h.interact(slash(h.next_id(), "share", {"text": "sts vs cognito"}, MEMBER, GUILD))
        assert deferred.data["type"] == 5 and not (deferred.data.get("data") or {}).get("flags", 0) & EPHEMERAL
        core.release.set()
        [edit] = await fake.wait_for(r"PATCH /webhooks/\d+/[^/]+/messages/@original")
        assert "Cognito" in text_of(edit)


async def test_a_failure_after_deferring_replaces_the_thinking_message(fake, tutor, store):
    quiz = SlowQuiz(store)
    quiz.release = asyncio.Event()
    async with harness_for(fake, make_deps(tutor, quiz, defer_after=0.05), quiz) as h:
        await h.interact(slash(h.next_id(), "stats", {}, MEMBER, GUILD))
        fake.fail(r"PATCH /webhooks/.*@original", 400, {"message": "Invalid Form Body", "code": 50035})
        quiz.release.set()
        failed, fixed = await fake.wait_for(r"PATCH /webhooks/\d+/[^/]+/messages/@original", count=2)
    assert "Your stats" in text_of(failed)
    assert "Something went wrong" in text_of(fixed) and fixed.data["components"] == []
    assert not fake.of(r"POST /webhooks/")  # no stray followup under a spinning "thinking..."


@pytest.mark.parametrize("dc", [1], indirect=True)
async def test_ask_buttons_count_against_the_question_rate(dc):
    posted = await dc.poster.post(PLACE, Reply(text="see also", buttons=(Button("STS", "ask:sts"),)))
    message = dc.fake.messages[posted]
    first = await dc.interact(button(dc.next_id(), "ask:sts", message, MEMBER, GUILD))
    second = await dc.interact(button(dc.next_id(), "ask:sts", message, MEMBER, GUILD))
    assert "Security Token Service" in text_of(first)
    assert "faster than I can keep up" in text_of(second) and second.data["data"]["flags"] & EPHEMERAL
