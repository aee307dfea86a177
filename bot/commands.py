"""Command words shared by every platform: `/aws sts` on Slack is `sts` in the terminal."""

from __future__ import annotations

import re

from bot.asof import peel_as_of
from bot.model import Field, Reply
from bot.quiz.when import looks_like_schedule
from bot.text import bounded

QUIZ_COMMANDS = frozenset(
    {"quiz", "review", "stats", "leaderboard", "schedule", "forget", "export", "pool",
     "exam", "ready", "remind", "digest"}
)
# Commands the core refuses unless `User.is_admin`: adapters only need to ask the platform
# who is an admin for these (`export me` is anyone's own data; `needs_admin` asks anyway).
ADMIN_COMMANDS = frozenset({"schedule", "export", "digest", "reload", "pool"})
# Replies about the asker alone (their stats, a practice question, `forget me`, an export, a
# refusal): never shown in a channel, even when the bot was mentioned there.
PERSONAL_COMMANDS = (QUIZ_COMMANDS - {"leaderboard"}) | {"reload"}
# Replies meant for the whole channel, even when asked with a slash command.
CHANNEL_COMMANDS = frozenset({"share", "leaderboard"})


def is_personal(text: str) -> bool:
    """Whether the reply to `text` concerns the asker alone."""
    return split_command(text)[0] in PERSONAL_COMMANDS


def is_for_channel(text: str) -> bool:
    """Whether the reply to `text` is for the whole channel."""
    return split_command(text)[0] in CHANNEL_COMMANDS

_PREFIX = re.compile(r"^\s*(?:/aws\b|aws:)\s*", re.IGNORECASE)
# Every pattern here runs on text already cut to MAX_READ, and its repeats are bounded, so no
# input makes a match scan the rest of the text from each position (one opener repeated 340,000
# times once took 14 s).

HELP_TOPICS: dict[str, tuple[str, str]] = {
    "ask": ("<question>", "Which service fits? e.g. `which service gives temporary credentials?`"),
    "lookup": ("<service>", "A service card, e.g. `sts`, `simple ad` (typos are fine)."),
    "compare": ("<a> <b>", "Side by side, e.g. `compare sts cognito` or `sts vs cognito`."),
    "share": ("<question>", "Like ask, but posts the answer in the channel for everyone."),
    "as of": ("YYYY-MM-DD <question>", "Answer with the facts in force on that day (your exam day), "
              "e.g. `as of 2027-02-01 developer support`."),
    "quiz": ("[domain or topic] [as of YYYY-MM-DD]",
             "A practice question for you alone, any time: `quiz billing`, `quiz s3`, `quiz as of 2027-02-01`."),
    "review": ("", "The questions you are due to see again (spaced repetition)."),
    "stats": ("", "Your accuracy per exam domain and topic, your streak, your weak spots."),
    "leaderboard": ("[week|month|all]", "This channel's top scorers."),
    "schedule": ("[time zone days | off]", "Admins: when the daily question is posted here, e.g. `schedule 9am London weekdays`."),
    "exam": ("[N | stop | result | date YYYY-MM-DD]",
             "A private mock exam like CLF-C02 (65 questions, 90 minutes; `exam 20` is shorter), "
             "or your exam date, to pace your practice."),
    "ready": ("", "How ready you are: an estimated score from what you remember, and what to study."),
    "remind": ("on [HH:MM Zone] | off", "A private daily reminder of what is due, at your own time."),
    "forget": ("me", "Delete your answers, scores, review state, exams and plan (asks to confirm)."),
    "pool": ("[shipped | own | both]", "Admins: whether this channel's daily question and practice use the shipped "
             "questions, your group's own, or both."),
    "reload": ("", "Admins: read the knowledge folders again (kept as they were if the new files have errors)."),
    "export": ("[me | anki [all | ours]]", "Admins: this channel's results as CSV. `export me`: all your own data. "
               "`export anki`: your missed and due questions as an Anki deck (admins: `anki all`, `anki ours`)."),
    "digest": ("[on | off | now]", "Admins: a weekly digest of this channel's results, with a chart."),
}

_EXAM = re.compile(r"^(?:|\d{1,3}|stop|result|date\b.*)$", re.IGNORECASE)


# `export anki`: your missed and due questions; `export anki all` / `export anki ours` (admins):
# the whole bank, or the questions of the group's own knowledge layers.
_DECK_WORDS = frozenset({"anki", "deck", "apkg", "all", "bank", "everything", "ours", "our", "group", "questions"})


# What may follow each command word. Anything else means the text is a question that merely
# starts with that word: "export data from S3 to on-premises", "schedule a Lambda every hour".
_ACCEPTS = {
    "help": lambda args: not args or args.lower() in HELP_TOPICS,
    "share": lambda args: bool(args),
    "quiz": lambda args: quiz_subject(peel_as_of(args)[1]) is not None,
    "review": lambda args: not _meaningful(args),
    "stats": lambda args: not _meaningful(args),
    "export": lambda args: not _meaningful(args, {"csv", "results", "scores", "file", "data", *_DECK_WORDS}),
    "exam": lambda args: bool(_EXAM.match(args)),
    "ready": lambda args: not _meaningful(args),
    "remind": lambda args: args.lower().split()[:1] in ([], ["on"], ["off"]),
    "digest": lambda args: args.lower() in ("", "on", "off", "now"),
    "leaderboard": lambda args: leaderboard_period(args) is not None,
    "schedule": lambda args: not args or _schedule_off(args) or looks_like_schedule(args),
    "forget": lambda args: _forget_me(args),
    "reload": lambda args: not _meaningful(args, {"knowledge", "notes"}),
    "pool": lambda args: args.lower() in ("", "shipped", "own", "both"),
}
# The arguments as the quiz service reads them, for words that accept more than one spelling.
_CANONICAL = {
    "quiz": lambda args: _quiz_args(args),
    "review": lambda args: "",
    "stats": lambda args: "",
    "export": lambda args: _export_args(set(args.lower().split())),
    "ready": lambda args: "",
    "leaderboard": lambda args: leaderboard_period(args) or "",
    "schedule": lambda args: "off" if _schedule_off(args) else args,
    "forget": lambda args: "me",
}
_FILLERS = frozenset("please pls plz thanks now me my mine the a an some on about for of in with".split())
PERIODS = {
    "": "", "week": "week", "weekly": "week", "this week": "week",
    "month": "month", "monthly": "month", "this month": "month",
    "all": "all", "all time": "all", "alltime": "all", "all-time": "all", "ever": "all", "forever": "all",
    "overall": "all", "total": "all",
}


def _export_args(words: set[str]) -> str:
    if words & {"anki", "deck", "apkg"}:
        if words & {"ours", "our", "group"}:
            return "anki ours"
        return "anki all" if words & {"all", "bank", "everything"} else "anki"
    return "me" if words & {"me", "my", "mine"} else ""


def _meaningful(args: str, also: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The words of `args` that are not politeness or filler ("stats please", "my stats")."""
    return [w for w in re.findall(r"[\w/:+.-]+", args.lower()) if w not in _FILLERS and w not in also]


def leaderboard_period(args: str) -> str | None:
    """`week`, `month` or `all` (or "" for the default) from everyday words; None if not a period."""
    return PERIODS.get(" ".join(_meaningful(args, {"time"} if "all" in args.lower() else set())))


def quiz_subject(args: str) -> str | None:
    """What `quiz ...` should practise ("" for anything): `quiz billing`, `quiz me on s3`.

    None when the words read like a question instead (a question mark, or more than three words)."""
    words = _meaningful(args, {"question", "questions", "practice", "practise", "test", "quiz"})
    if "?" in args or len(words) > 3:
        return None
    return " ".join(words)


def _quiz_args(args: str) -> str:
    """`quiz` arguments as the service reads them: `as of <day>` (when given), then the subject."""
    phrase, rest = peel_as_of(args)
    return " ".join(part for part in (phrase, quiz_subject(rest) or "") if part)


def _schedule_off(args: str) -> bool:
    return " ".join(_meaningful(args)) in ("off", "stop", "disable", "cancel", "turn off", "none", "pause")


def _forget_me(args: str) -> bool:
    words = re.findall(r"[\w']+", args.lower())
    return len(words) <= 5 and bool({"me", "my", "everything", "all"} & set(words))


def split_command(text: str) -> tuple[str, str]:
    """Return (command word, rest) when the text is a command, else ("", text) for the tutor.

    A `/aws` prefix is dropped first (adapters have already removed their platform's mention
    markup); the command word is lower-cased.
    """
    text = _PREFIX.sub("", bounded(text)).strip()
    parts = text.split(maxsplit=1)
    word = parts[0].lower() if parts else ""
    rest = parts[1].strip() if len(parts) > 1 else ""
    accepts = _ACCEPTS.get(word)
    if accepts is not None and accepts(rest):
        return word, _CANONICAL.get(word, str.strip)(rest)
    return "", text


def near_command(text: str) -> Reply | None:
    """The usage of a command word typed with arguments it cannot take (`leaderboard banana`),
    saying what was understood; None when the rest reads like a question that starts with that
    word ("export data from S3 to on-premises") or when `text` is no command at all."""
    name, rest = split_command(text)
    word, _, args = strip_prefix(text).partition(" ")
    word, args = word.lower(), args.strip()
    if name or word not in _ACCEPTS or word in ("help", "share"):
        return None
    if "?" in args or len(_meaningful(args)) > 2:
        return None
    usage, about = HELP_TOPICS[word]
    return Reply(
        title=f"{word} {usage}".strip(),
        text=f"I understood `{word}`, but not `{args[:60]}`. {about}",
        footer=f"{_EXAMPLES.get(word, '')} · `help` lists every command".lstrip(" ·"),
        tone="warning",
    )


_EXAMPLES = {
    "quiz": "e.g. `quiz`, `quiz billing`, `quiz s3`",
    "leaderboard": "e.g. `leaderboard month`, `leaderboard all`",
    "schedule": "e.g. `schedule 9am London weekdays`, `schedule off`",
    "forget": "say `forget me`",
}


def strip_prefix(text: str) -> str:
    """The text without a `/aws` prefix (what the tutor should read).

    Cut to MAX_READ characters first: a longer text is still longer than the tutor reads, so
    it says so. Platform markup (mentions, channel links) is the adapters' to remove."""
    return _PREFIX.sub("", bounded(text)).strip()


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
