"""The mock exam through the terminal adapter: start, answer (single and multiple response),
score report, restart and resume, old clicks, the clock running out, stop."""

from __future__ import annotations

from studyterm import Term

from bot.quiz.question import LETTERS, Question


async def current(term: Term) -> Question:
    exam = await term.storage.running_exam("terminal", "you")
    assert exam is not None
    return term.quiz.bank[exam.questions[exam.position]]


def typed(question: Question, letters: tuple[str, ...] | str) -> str:
    """What a person types for `letters`: the button numbers, `1 3` for two."""
    return " ".join(str(LETTERS.index(x) + 1) for x in letters)


def wrong(question: Question) -> str:
    return next(x for x in question.letters if x not in question.answer) + (
        "" if len(question.answer) == 1 else next(x for x in question.letters[::-1] if x not in question.answer))


async def test_a_five_question_exam_ends_in_a_score_report_with_every_miss_explained(term: Term) -> None:
    first = await term.type("exam 5")
    assert "Mock exam · question 1 of 5" in first and "5 questions in 7:00" in first
    assert "Time left 7:00" in first and "[1] A" in first
    for n in range(4):
        question = await current(term)
        shown = await term.type(typed(question, question.answer))
        assert f"question {n + 2} of 5" in shown
    last = await current(term)
    picked = wrong(last)
    report = await term.type(typed(last, picked))
    assert "Mock exam result: 800 (pass, estimated)" in report
    assert "Estimated score: 800 of 1000 (at or above the 700 pass mark). This is an estimate" in report
    assert "4 of 5 right (80%); time used 0:00 of 7:00" in report
    assert f"Q5 · you picked {'+'.join(picked)}" in report and last.explanation in report
    assert all(f"Why not {x}: {last.why_not[x]}" in report for x in picked)
    assert "Cloud Technology and Services" in report and "Misses 1-1 of 1" in report
    assert "no mock exam running" in await term.type("exam stop")
    again = await term.type("exam result")
    assert "Mock exam result: 800" in again


async def test_an_exam_survives_a_restart_and_an_old_click_shows_the_current_question(term: Term) -> None:
    await term.type("exam 5")
    old_buttons = term.last
    question = await current(term)
    await term.type(typed(question, question.answer))
    term.later(minutes=2)
    term.restart()  # a new process on the same database
    resumed = await term.type("exam")
    assert "Resuming your mock exam (1 of 5 answered)" in resumed and "question 2 of 5" in resumed
    assert "Time left 5:00" in resumed
    stale = await term.click(old_buttons[0].action_id)
    assert stale.text.startswith("You already answered that one; here is question 2.") and stale.replace
    assert (await term.storage.running_exam("terminal", "you")).position == 1  # type: ignore[union-attr]


async def test_when_time_runs_out_the_next_answer_gets_the_report(term: Term) -> None:
    await term.type("exam 5")
    question = await current(term)
    await term.type(typed(question, question.answer))
    term.later(minutes=8)
    late = await term.type("1")
    assert "Time ran out after 1 answers; the rest count as wrong." in late
    assert "1 of 5 right (20%); time used 7:00 of 7:00" in late
    assert await term.storage.running_exam("terminal", "you") is None


async def test_multiple_response_is_answered_by_typing_two_numbers(term: Term) -> None:
    await term.type("exam 20")
    for _ in range(20):
        question = await current(term)
        if len(question.answer) == 2:
            break
        await term.type(typed(question, question.answer))
    else:
        raise AssertionError("a 20-question exam has multiple-response questions")
    shown = render_buttons(term)
    assert shown[:len(question.letters)] == list(question.letters) and "Submit" not in " ".join(shown)
    position = (await term.storage.running_exam("terminal", "you")).position  # type: ignore[union-attr]
    after = await term.type(typed(question, question.answer))
    assert f"question {position + 2} of 20" in after
    exam = await term.storage.running_exam("terminal", "you")
    assert exam is not None and exam.answers[position] == "".join(question.answer)


def render_buttons(term: Term) -> list[str]:
    return [b.label for b in term.last]


async def test_stop_abandons_and_bad_arguments_get_the_usage(term: Term) -> None:
    await term.type("exam 5")
    stopped = await term.type("exam stop")
    assert "Mock exam stopped" in stopped and "Stopped after 0 of 5 answers" in stopped
    assert "You have no finished mock exam yet" in await term.type("exam result")
    assert "`exam 20` a shorter one" in await term.type("exam 99")
    fresh = await term.type("exam 5")
    assert "Mock exam · question 1 of 5" in fresh and "Resuming" not in fresh
