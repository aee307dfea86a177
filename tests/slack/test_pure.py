"""The pure parts: rendering limits and escaping, translation, the rate limiter."""

from __future__ import annotations

import pytest

from adapters.slack import render, translate
from bot.model import Button, Click, Field, Reply
from bot.ratelimit import RateLimiter


def test_escape_only_slacks_control_characters():
    assert render.escape("<!channel> & *bold*") == "&lt;!channel&gt; &amp; *bold*"


def test_split_never_cuts_inside_an_entity():
    text = render.escape("<" * 5000)
    parts = render._split(text, render.SECTION_LIMIT)
    assert "".join(parts) == text
    assert all(len(p) <= render.SECTION_LIMIT and p.endswith(";") for p in parts)


def test_too_many_blocks_are_trimmed_with_a_marker():
    reply = Reply(fields=tuple(Field(f"f{i}", "v") for i in range(80)))
    blocks = render.blocks(reply)
    assert len(blocks) == render.MESSAGE_BLOCKS
    assert blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "(trimmed)"}]}


def test_trimming_keeps_the_buttons_and_marks_where_text_was_cut():
    quiz = Reply(title="Q", text=("long words " * 400 + "\n") * 60, footer="Answer by 17:00",
                 buttons=tuple(Button(f"{o})", f"quiz:1:{o}") for o in "ABCD"))
    blocks = render.blocks(quiz)
    assert len(blocks) == render.MESSAGE_BLOCKS
    assert [b["type"] for b in blocks[-3:]] == ["context", "actions", "context"]
    assert blocks[-3]["elements"][0]["text"] == "(trimmed)"
    assert [e["action_id"] for e in blocks[-2]["elements"]] == [f"quiz:1:{o}" for o in "ABCD"]


def test_a_cut_title_says_so():
    [title] = render.blocks(Reply(title="t" * 5000))
    text = title["text"]["text"]
    assert len(text) <= render.SECTION_LIMIT and text.endswith("(trimmed)*")


def test_a_button_whose_id_slack_cannot_carry_is_left_out_and_logged(caplog):
    buttons = (Button("Fine", "ask:sts"), Button("Too long", "ask:" + "x" * 2500))
    [actions] = render.blocks(Reply(buttons=buttons))
    assert [e["value"] for e in actions["elements"]] == ["ask:sts"]
    assert "too long" in caplog.text


def test_limiter_check_keys_on_the_person_and_says_when_to_retry():
    limiter = RateLimiter(burst=1, per_minute=6)
    assert limiter.check("slack", "U1", 0.0) is None
    notice = limiter.check("slack", "U1", 1.0)
    assert notice is not None and "Try again in 9 s" in notice.text and notice.private
    assert limiter.check("discord", "U1", 1.0) is None  # another platform's U1 is another person
    assert not limiter.allow("slack:U1", 1.0)  # the plain key API sees the same bucket


def test_recent_forgets_after_its_ttl():
    from adapters.slack.recent import Recent

    now = [0.0]
    recent = Recent(ttl=10, max_keys=2, clock=lambda: now[0])
    recent.add("a")
    assert recent.seen("a") and not recent.seen("b")
    now[0] = 10.5
    assert not recent.seen("a")
    for key in "xyz":
        recent.add(key)
    assert [recent.seen(k) for k in "xyz"] == [False, True, True]


def test_home_view_allows_a_hundred_blocks():
    reply = Reply(fields=tuple(Field(f"f{i}", "v") for i in range(80)))
    assert len(render.home_view(reply)["blocks"]) == 80


def test_inline_fields_share_sections_of_ten():
    reply = Reply(fields=tuple(Field(f"f{i}", "<v>", inline=True) for i in range(12)))
    sections = render.blocks(reply)
    assert [len(s["fields"]) for s in sections] == [10, 2]
    assert sections[0]["fields"][0]["text"] == "*f0*\n&lt;v&gt;"


def test_long_action_ids_are_digested_and_carried_in_value():
    long_id = "ask:" + "x" * 400
    [actions] = render.blocks(Reply(buttons=(Button("Go", long_id, style="primary"),)))
    [button] = actions["elements"]
    assert len(button["action_id"]) <= render.ACTION_ID_LIMIT and button["value"] == long_id
    assert button["style"] == "primary"


def test_click_translation_uses_the_full_id_from_value():
    body = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"},
            "container": {"message_ts": "1.1", "channel_id": "C1"},
            "actions": [{"action_id": "h:abc", "value": "ask:" + "x" * 400}]}
    click = translate.inbound("block_actions", body)
    assert isinstance(click, Click) and click.action_id == "ask:" + "x" * 400 and click.place.channel == "C1"


def test_unknown_kinds_and_empty_actions_are_ignored():
    assert translate.inbound("shortcut", {"type": "shortcut"}) is None
    assert translate.inbound("block_actions", {"actions": []}) is None


def test_command_in_a_dm_is_marked_as_dm():
    body = {"team_id": "T1", "channel_id": "D1", "channel_name": "directmessage", "user_id": "U1", "text": "sts"}
    request = translate.inbound("slash_command", body)
    assert request is not None and request.place.is_dm and request.place.workspace == "T1"


def test_limiter_allows_a_burst_then_refills():
    limiter = RateLimiter(burst=2, per_minute=6)  # one token every 10 s
    assert [limiter.allow("u", 0.0) for _ in range(3)] == [True, True, False]
    assert limiter.retry_after("u", 0.0) == pytest.approx(10)
    assert not limiter.allow("u", 9.0)
    assert limiter.allow("u", 10.5)
    assert limiter.allow("other", 0.0)


def test_limiter_forgets_idle_keys():
    limiter = RateLimiter(burst=1, per_minute=60, max_keys=10)
    for n in range(11):
        limiter.allow(f"u{n}", float(n))
    assert len(limiter._buckets) <= 2
    assert not limiter.allow("u10", 10.0)
