"""Slack markup is the Slack adapter's to remove: the core only ever sees what the person typed."""

import pytest

from adapters.slack.translate import inbound, text_of


@pytest.mark.parametrize(("raw", "typed"), [
    ("<@U999> stats", "stats"),
    ("<@U0BOT> <!channel> which service gives temporary credentials?", "which service gives temporary credentials?"),
    ("sts vs cognito <!here|here> <#C1|general>", "sts vs cognito"),
    ("compare sqs &amp; sns", "compare sqs & sns"),
    ("already &amp;amp; escaped", "already &amp; escaped"),
    ("<@U123ABC>", ""),
])
def test_text_of_removes_markup_and_slacks_escapes(raw, typed):
    assert " ".join(text_of(raw).split()) == typed


def test_mentions_and_commands_reach_the_core_without_markup():
    mention = inbound("app_mention", {"event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1.2",
                                                "text": "<@U0BOT> stats"}})
    command = inbound("slash_command", {"user_id": "U1", "channel_id": "C1", "text": "<!channel> quiz"})
    assert mention is not None and mention.text == "stats"
    assert command is not None and command.text == "quiz"
