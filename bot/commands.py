"""Command words shared by every platform: `/aws sts` on Slack is `sts` in the terminal."""

from __future__ import annotations

import re

from bot.model import Field, Reply
from bot.text import bounded

QUIZ_COMMANDS = frozenset(
    {"quiz", "review", "stats", "leaderboard", "schedule", "forget", "export"}
)
# Commands the core refuses unless `User.is_admin`: adapters only need to ask the platform
# who is an admin for these.
ADMIN_COMMANDS = frozenset({"schedule", "export"})
# Replies about the asker alone (their stats, a practice question, `forget me`, an export, a
# refusal): never shown in a channel, even when the bot was mentioned there.
PERSONAL_COMMANDS = QUIZ_COMMANDS - {"leaderboard"}
# Replies meant for the whole channel, even when asked with a slash command.
CHANNEL_COMMANDS = frozenset({"share", "leaderboard"})


def is_personal(text: str) -> bool:
    """Whether the reply to `text` concerns the asker alone."""
    return split_command(text)[0] in PERSONAL_COMMANDS


def is_for_channel(text: str) -> bool:
    """Whether the reply to `text` is for the whole channel."""
    return split_command(text)[0] in CHANNEL_COMMANDS

_PREFIX = re.compile(r"^\s*(?:/aws\b|aws:)\s*", re.IGNORECASE)
# Slack `<@U123>` / Discord `<@123>` and `<@!123>` mentions of the bot at the start of a message.
# Every pattern here runs on text already cut to MAX_READ, and its repeats are bounded, so no
# input makes a match scan the rest of the text from each position (`<@` x 340,000 took 14 s).
_LEADING_MENTION = re.compile(r"^\s*(?:<@!?[A-Za-z0-9]{1,40}(?:\|[^<>\n]{0,100})?>\s*)+")

HELP_TOPICS: dict[str, tuple[str, str]] = {
    "ask": ("<question>", "Which service fits? e.g. `which service gives temporary credentials?`"),
    "lookup": ("<service>", "A service card, e.g. `sts`, `simple ad` (typos are fine)."),
    "compare": ("<a> <b>", "Side by side, e.g. `compare sts cognito` or `sts vs cognito`."),
    "share": ("<question>", "Like ask, but posts the answer in the channel for everyone."),
    "quiz": ("", "A practice question for you alone, any time."),
    "review": ("", "The questions you are due to see again (spaced repetition)."),
    "stats": ("", "Your accuracy per exam domain and topic, your streak, your weak spots."),
    "leaderboard": ("[week|month|all]", "This channel's top scorers."),
    "schedule": ("[HH:MM Zone days | off]", "Admins: when the daily question is posted here."),
    "forget": ("me", "Delete your answers, scores and review state (asks to confirm)."),
    "export": ("", "Admins: this channel's results as CSV."),
}


_TIME = re.compile(r"^\d{1,2}:\d{2}\b")

# What may follow each command word. Anything else means the text is a question that merely
# starts with that word: "export data from S3 to on-premises", "schedule a Lambda every hour".
_ACCEPTS = {
    "help": lambda args: not args or args.lower() in HELP_TOPICS,
    "share": lambda args: bool(args),
    "quiz": lambda args: not args,
    "review": lambda args: not args,
    "stats": lambda args: not args,
    "export": lambda args: not args,
    "leaderboard": lambda args: not args or args.lower() in ("week", "month", "all"),
    "schedule": lambda args: not args or args.lower() == "off" or bool(_TIME.match(args)),
    "forget": lambda args: args.lower() == "me",
}


def split_command(text: str) -> tuple[str, str]:
    """Return (command word, rest) when the text is a command, else ("", text) for the tutor.

    A `/aws` prefix and a leading bot mention are dropped first; the command word is lower-cased.
    """
    text = _LEADING_MENTION.sub("", bounded(text))
    text = _PREFIX.sub("", text).strip()
    parts = text.split(maxsplit=1)
    word = parts[0].lower() if parts else ""
    rest = parts[1].strip() if len(parts) > 1 else ""
    accepts = _ACCEPTS.get(word)
    if accepts is not None and accepts(rest):
        return word, rest
    return "", text


# Mention markup anywhere in a message (<!channel>, <@U1>, <#C1|name>, @everyone) is not part of
# the question; leaving it in would glue "channel" or an id onto the words that are.
_ANY_MENTION = re.compile(r"<[!@#][^<>\n]{0,100}>|(?<!\w)@(?:everyone|here|channel)\b", re.IGNORECASE)


def strip_prefix(text: str) -> str:
    """The text without `/aws`, mentions and mention markup (what the tutor should read).

    Cut to MAX_READ characters first: a longer text is still longer than the tutor reads, so
    it says so."""
    text = _LEADING_MENTION.sub("", bounded(text))
    text = _PREFIX.sub("", text)
    return _ANY_MENTION.sub(" ", text).strip()


def help_reply(topic: str = "") -> Reply:
    """The help card: every command word with a one-line description."""
    topic = topic.strip().lower()
    if topic in HELP_TOPICS:
        usage, about = HELP_TOPICS[topic]
        return Reply(title=f"{topic} {usage}".strip(), text=about)
    fields = tuple(
        Field(name=f"{word} {usage}".strip(), value=about) for word, (usage, about) in HELP_TOPICS.items()
    )
    return Reply(
        title="awstutor: your AWS Cloud Practitioner (CLF-C02) study buddy",
        text=(
            "Ask in plain words, or paste an exam question with its options A-D. "
            "On Slack and Discord every command starts with `/aws`."
        ),
        fields=fields,
        footer="Try: `which service gives temporary credentials?` · `sts vs cognito` · `quiz`",
    )
