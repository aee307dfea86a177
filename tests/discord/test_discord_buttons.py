"""Every button the core makes is a persistent Discord button that works, and forget-me end to end."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dchelpers import GUILD, MEMBER, PLACE, body_of, harness_for, make_deps, single_answer, text_of
from storedquiz import StoredQuiz

from adapters.discord import render
from adapters.discord.run import build_parts, deps_for
from adapters.discord.views import dynamic_button
from adapters.testing.discord_bench import running
from adapters.testing.discord_fake import BOT_ID
from adapters.testing.discord_payloads import button, channel_message, slash
from bot.actions import DailyPost, ForgetMe, Practice, encode
from bot.config import Settings
from bot.model import Button, Click, Reply
from bot.quiz.bank import load_bank
from bot.quiz.question import MAX_ID
from bot.quiz.round import Round
from bot.storage import ChannelRef
from bot.tutor import Tutor

EPHEMERAL = 64


def core_action_ids(tutor: Tutor) -> list[str]:
    """Every action id the core can put on a button, from the shipped notes and quiz bank."""
    questions, errors = load_bank(Settings().knowledge_dir / "quiz", set(tutor.notes.entries))
    assert questions and not errors
    ids = [encode(ForgetMe()), *(f"ask:{entry_id}" for entry_id in tutor.notes.entries)]
    for q in questions:
        for asked in (DailyPost(2**53), Practice(q.id), Practice(q.id, review=True)):
            ids += [b.action_id for b in Round(q, asked).post("Q", private=True).buttons]
    return ids


def test_every_action_id_the_core_makes_becomes_a_persistent_button(tutor, caplog):
    ids = core_action_ids(tutor)
    ids.append(f"quiz:r:{'q' * MAX_ID}:~ABCDE")  # the longest id a valid question can produce
    ids += ["quiz:x:123:64:~AC", "quiz:x:123:64:AC", "quiz:x:123:more:12", "quiz:vs:sqs:sns:Y"]  # exam, mix-up
    assert any(":~" in i for i in ids)  # "choose two" toggles are among them
    for action_id in ids:
        item = dynamic_button("label", action_id, "default")
        assert item is not None and getattr(item, "custom_id", None) == action_id, action_id
    assert "dropped" not in caplog.text


def test_a_button_discord_cannot_carry_is_dropped_with_a_warning(caplog):
    reply = Reply(text="t", buttons=(Button("ok", "ask:sts"), Button("odd", "quiz:nothing:here")))
    with caplog.at_level(logging.WARNING, logger="adapters.discord.views"):
        view = render.view(reply)
    assert view is not None and [getattr(i, "custom_id", None) for i in view.children] == ["ask:sts"]
    assert "dropped a button" in caplog.text and "quiz:nothing:here" in caplog.text


@dataclass
class RecordingQuiz(StoredQuiz):
    """Answers every quiz click with the id it received."""

    clicked: list[str] = field(default_factory=list)

    async def click(self, click: Click) -> Reply:
        self.clicked.append(click.action_id)
        return Reply(text=f"got {click.action_id}")


async def test_each_kind_of_core_button_answers_a_click(fake, tutor, store):
    ids = [encode(ForgetMe()), "quiz:42:AC", "quiz:p:iam-basics:E", "quiz:r:iam-basics:BD", "ask:sts"]
    quiz = RecordingQuiz(store)
    async with harness_for(fake, make_deps(tutor, quiz), quiz) as h:
        posted = await h.poster.post(PLACE, Reply(text="all kinds", buttons=tuple(Button(i, i) for i in ids)))
        message = fake.messages[posted]
        assert [b["custom_id"] for row in message["components"] for b in row["components"]] == ids
        answers = [text_of(await h.interact(button(h.next_id(), i, message, MEMBER, GUILD))) for i in ids]
    assert quiz.clicked == ids[:-1]
    assert answers[:-1] == [f"got {i}" for i in ids[:-1]]
    assert "Security Token Service" in answers[-1]


async def test_forget_me_prompt_then_confirm_deletes_the_answers(fake, tmp_path: Path):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'forget.db'}")
    parts = await build_parts(settings)
    try:
        async with running(fake, deps_for(settings, parts)) as bot:
            ref = ChannelRef("discord", GUILD, str(int(GUILD) + 1))
            post_id = await single_answer(parts.app, bot).post_now(ref, datetime.now(UTC))  # one click answers
            post = await parts.app.storage.post(post_id)
            daily = fake.messages[post.message_id]
            first = daily["components"][0]["components"][0]["custom_id"]
            await _click(fake, daily, first)
            assert (await parts.app.storage.tally(post_id)).total == 1

            prompt = await _interact(fake, slash(fake.snowflake(), "forget", {}, MEMBER, GUILD))
            assert prompt.data["data"]["flags"] & EPHEMERAL and "Forget you?" in text_of(prompt)
            [confirm] = [b for row in body_of(prompt)["components"] for b in row["components"]]
            assert confirm["custom_id"] == encode(ForgetMe()) and confirm["label"] == "Yes, forget me"
            shown = next(m for m in fake.messages.values() if encode(ForgetMe()) in str(m["components"]))
            done = await _click(fake, shown, encode(ForgetMe()))
            assert "forgotten you" in done
        assert (await parts.app.storage.tally(post_id)).total == 0
    finally:
        await parts.aclose()


async def _interact(fake, payload):
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await asyncio.wait_for(fake.callback(payload["id"]), 10)


async def _click(fake, message: dict, custom_id: str) -> str:
    call = await _interact(fake, button(fake.snowflake(), custom_id, message, MEMBER, GUILD))
    assert call.data["type"] == 4 and call.data["data"]["flags"] & EPHEMERAL
    return text_of(call)


async def test_yes_to_forget_me_in_a_channel_is_answered_by_dm(fake, tmp_path: Path):
    """The pipeline's visibility: a confirmation typed as "yes" never lands in the channel."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'yes.db'}")
    parts = await build_parts(settings)
    channel, dm = str(int(GUILD) + 1), str(int(MEMBER) + 1)
    try:
        async with running(fake, deps_for(settings, parts)):
            for n, text in enumerate(("forget me", "yes")):
                await fake.dispatch("MESSAGE_CREATE", channel_message(
                    fake.snowflake(), channel, MEMBER, f"<@{BOT_ID}> {text}", GUILD, True))
                dms = await fake.wait_for(rf"POST /channels/{dm}/messages", count=n + 1)
            notes = await fake.wait_for(rf"POST /channels/{channel}/messages", count=2)
        assert "Forget you?" in text_of(dms[0]) and "forgotten you" in text_of(dms[1])
        assert all("by DM" in text_of(note) and "forgotten" not in text_of(note) for note in notes)
    finally:
        await parts.aclose()
