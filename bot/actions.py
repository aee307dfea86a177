"""Button action ids: the one place they are written and read.

A button carries everything its click needs in its id (Discord's persistent buttons and Slack's
`value` survive restarts that way), so the id is a small wire format. Its shapes never change,
or buttons on messages already posted would stop working:

    ask:<note id>[@YYYY-MM-DD]            open a note's card (as of that day)
    quiz:<post id>:<choice>               answer a channel's daily question
    quiz:p:<question id>:<choice>         answer a practice question (`r`: a review)
    quiz:x:<exam id>:<position>:<choice>  answer a mock exam's current question
    quiz:x:<exam id>:more:<page>          a page of a finished exam's misses
    quiz:vs:<right>:<picked>:<Y|N>        rate a mix-up review card
    quiz:forget:confirm                   confirm `forget me`

A choice is the letters picked (`A`, `AC`) or, for a multiple-response toggle, `~` and the
selection the click makes (`~AC`, `~` for none). `decode` returns None for anything else, and
callers answer such a click as an inactive button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.model import Button

MAX_LENGTH = 100  # Discord's custom_id limit (the tightest platform); ids are kept within it:
MAX_NOTE_ID = 44  # `quiz:vs:<note>:<note>:Y` is then at most 99 characters
MAX_QUESTION_ID = 80  # `quiz:r:<question>:~ABCDE` is then at most 94

_ID = r"[a-z0-9][a-z0-9-]*"
_CHOICE = r"~[A-E]{0,5}|[A-E]{1,5}"  # the letters of a question (bot.quiz.question.LETTERS)
_DAY = r"\d{4}-\d{2}-\d{2}"
TOGGLE = "~"


@dataclass(frozen=True)
class DailyPost:
    """A channel's question of the day, by its post id."""

    post: int


@dataclass(frozen=True)
class Practice:
    """A practice question asked to one person (`review`: from their review queue)."""

    question: str
    review: bool = False


@dataclass(frozen=True)
class ExamStep:
    """The question at `position` of a mock exam."""

    exam: int
    position: int


Asked = DailyPost | Practice | ExamStep


@dataclass(frozen=True)
class Ask:
    """Open the card of note `entry`, as of `day` when the answer it came from was dated."""

    entry: str
    day: date | None = None


@dataclass(frozen=True)
class Answer:
    """A click on an answer button (or a toggle) of a question asked somewhere."""

    asked: Asked
    choice: str


@dataclass(frozen=True)
class ExamPage:
    """A page of a finished mock exam's misses."""

    exam: int
    page: int


@dataclass(frozen=True)
class MixupRating:
    """"Got it" (`got_it`) or "still mixing them up" on a mix-up review card."""

    right: str
    picked: str
    got_it: bool


@dataclass(frozen=True)
class ForgetMe:
    """The confirmation button of `forget me`."""


Action = Ask | Answer | ExamPage | MixupRating | ForgetMe

_FORGET = "quiz:forget:confirm"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), kind) for p, kind in (
    (rf"ask:(?P<entry>[^@]+)(?:@(?P<day>{_DAY}))?", "ask"),
    (rf"quiz:(?P<post>\d+):(?P<choice>{_CHOICE})", "daily"),
    (rf"quiz:(?P<kind>[pr]):(?P<question>{_ID}):(?P<choice>{_CHOICE})", "practice"),
    (rf"quiz:x:(?P<exam>\d+):(?P<position>\d+):(?P<choice>{_CHOICE})", "exam"),
    (r"quiz:x:(?P<exam>\d+):more:(?P<page>\d+)", "page"),
    (rf"quiz:vs:(?P<right>{_ID}):(?P<picked>{_ID}):(?P<rating>[YN])", "mixup"),
))


def encode(action: Action) -> str:
    """The id a button carries for `action`."""
    match action:
        case Ask(entry, day):
            return f"ask:{entry}@{day.isoformat()}" if day else f"ask:{entry}"
        case Answer(asked, choice):
            return f"{_asked(asked)}:{choice}"
        case ExamPage(exam, page):
            return f"quiz:x:{exam}:more:{page}"
        case MixupRating(right, picked, got_it):
            return f"quiz:vs:{right}:{picked}:{'Y' if got_it else 'N'}"
        case ForgetMe():
            return _FORGET


def _asked(asked: Asked) -> str:
    match asked:
        case DailyPost(post):
            return f"quiz:{post}"
        case Practice(question, review):
            return f"quiz:{'r' if review else 'p'}:{question}"
        case ExamStep(exam, position):
            return f"quiz:x:{exam}:{position}"


def decode(action_id: str) -> Action | None:
    """The action a button id stands for, or None if it is not one of ours (or malformed)."""
    if action_id == _FORGET:
        return ForgetMe()
    for pattern, kind in _PATTERNS:
        found = pattern.fullmatch(action_id)
        if found:
            return _build(kind, found)
    return None


def _build(kind: str, m: re.Match[str]) -> Action | None:
    if kind == "ask":
        day = _day(m["day"]) if m["day"] else None
        return Ask(m["entry"], day) if day or not m["day"] else None
    if kind == "daily":
        return Answer(DailyPost(int(m["post"])), m["choice"])
    if kind == "practice":
        return Answer(Practice(m["question"], review=m["kind"] == "r"), m["choice"])
    if kind == "exam":
        return Answer(ExamStep(int(m["exam"]), int(m["position"])), m["choice"])
    if kind == "page":
        return ExamPage(int(m["exam"]), int(m["page"]))
    return MixupRating(m["right"], m["picked"], m["rating"] == "Y")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def kind(action_id: str) -> str:
    """What a click was, for the request log: `ask`, `quiz` or `button` (never the id's text)."""
    action = decode(action_id)
    if action is None:
        return "button"
    return "ask" if isinstance(action, Ask) else "quiz"


def question_of(action: Action | None) -> str | None:
    """The question a practice or review answer button is about, if it is one."""
    if isinstance(action, Answer) and isinstance(action.asked, Practice):
        return action.asked.question
    return None


def ask_button(label: str, entry: str) -> Button:
    """The button that opens note `entry`'s card."""
    return Button(label=label, action_id=encode(Ask(entry)))
