"""`Core`, the one entry point adapters call: routing, visibility and failures."""

import pytest

from bot.core import Core
from bot.errors import UserError
from bot.model import Click, Place, Reply, Request, User

PLACE = Place("slack", "C1", "T1")
ANN = User("U1", "Ann")


class RecordingQuiz:
    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fail = fail

    async def command(self, request: Request, name: str, args: str) -> Reply:
        self.calls.append((name, args))
        if self.fail:
            raise self.fail
        return Reply(text=f"quiz {name}")

    async def click(self, click: Click) -> Reply:
        return Reply(text="clicked")


@pytest.fixture
def core(tutor):
    return Core(tutor, RecordingQuiz())


async def ask(core: Core, text: str) -> Reply:
    return await core.handle(Request(ANN, PLACE, text))


@pytest.mark.parametrize(
    "text, name, args",
    [
        ("quiz", "quiz", ""),
        ("/aws review", "review", ""),
        ("leaderboard month", "leaderboard", "month"),
        ("leaderboard\tmonth", "leaderboard", "month"),
        ("schedule 09:00 Europe/London mon-fri", "schedule", "09:00 Europe/London mon-fri"),
        ("schedule off", "schedule", "off"),
        ("forget me", "forget", "me"),
        # Everyday spellings reach the quiz as the arguments it reads.
        ("quiz me on sts", "quiz", "sts"),
        ("quiz billing", "quiz", "billing"),
        ("leaderboard forever", "leaderboard", "all"),
        ("schedule 9am London weekdays", "schedule", "9am London weekdays"),
        ("schedule stop", "schedule", "off"),
        ("forget everything about me", "forget", "me"),
        ("stats please", "stats", ""),
    ],
)
async def test_command_words_reach_the_quiz(core, text, name, args):
    await ask(core, text)
    assert core.quiz.calls == [(name, args)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("export data from S3 to an on-premises data center", None),
        ("schedule a Lambda function to run every hour", None),
        ("review the shared responsibility model", "shared-responsibility"),
        ("stats on CloudWatch metrics?", "cloudwatch"),
    ],
)
async def test_questions_that_start_with_a_command_word_are_questions(core, tutor, text, expected):
    reply = await ask(core, text)
    assert core.quiz.calls == []
    assert "admin" not in reply.text.lower()
    if expected:
        assert tutor.answer(text).results[0].id == expected


@pytest.mark.parametrize("text, understood", [("leaderboard banana", "banana"), ("schedule tomorrow", "tomorrow"),
                                              ("forget it", "it"), ("stats cloudwatch", "cloudwatch")])
async def test_a_command_word_with_arguments_it_cannot_take_gets_its_usage(core, text, understood):
    reply = await ask(core, text)
    word = text.split()[0]
    assert core.quiz.calls == [] and reply.title.startswith(word) and reply.tone == "warning"
    assert f"I understood `{word}`, but not `{understood}`." in reply.text


async def test_help_me_with_a_question_is_not_the_help_card(core):
    reply = await ask(core, "help me pick between sts and cognito")
    assert not reply.title.startswith("awstutor:")


async def test_help_lists_every_command(core):
    reply = await ask(core, "help")
    assert {f.name.split()[0] for f in reply.fields} >= {"quiz", "review", "stats", "leaderboard", "schedule"}


async def test_answers_are_private_and_share_makes_them_public(core):
    assert (await ask(core, "sts")).private
    shared = await ask(core, "share sts vs cognito")
    assert not shared.private and shared.title == "AWS STS vs Amazon Cognito"


async def test_expected_failures_keep_their_text(tutor):
    core = Core(tutor, RecordingQuiz(fail=UserError("Only admins can change the schedule.")))
    reply = await ask(core, "schedule off")
    assert reply.text == "Only admins can change the schedule." and reply.tone == "warning"


async def test_unexpected_failures_never_show_the_exception(tutor, caplog):
    core = Core(tutor, RecordingQuiz(fail=RuntimeError("database password=hunter2 leaked")))
    reply = await ask(core, "quiz")
    assert "hunter2" not in reply.plain() and reply.tone == "error"
    assert "request failed" in caplog.text


async def test_quiz_words_without_a_quiz_say_so(tutor):
    reply = await Core(tutor).handle(Request(ANN, PLACE, "quiz"))
    assert "not switched on" in reply.text


async def test_an_ask_button_opens_the_card(core):
    reply = await core.click(Click(ANN, PLACE, "ask:sts"))
    assert reply.title == "AWS Security Token Service (AWS STS)"


async def test_an_unknown_button_says_it_is_inactive(core):
    reply = await core.click(Click(ANN, PLACE, "bogus:1"))
    assert "no longer active" in reply.text


@pytest.mark.parametrize(
    "text, personal, channel",
    [
        ("stats", True, False),
        ("quiz", True, False),
        ("quiz as of 2027-02-01", True, False),
        ("forget me", True, False),
        ("export", True, False),
        ("leaderboard week", False, True),
        ("share sts vs cognito", False, True),
        ("sts vs cognito", False, False),
        ("review the shared responsibility model", False, False),
    ],
)
def test_which_replies_are_personal_and_which_are_for_the_channel(text, personal, channel):
    from bot.commands import is_for_channel, is_personal

    assert (is_personal(text), is_for_channel(text)) == (personal, channel)
