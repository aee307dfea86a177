"""Issue 16 items 9-11 and the mix-ups of issue 13, through the terminal adapter: a miss returns
within the session, `review` says when the next item is due, multiple-response toggles, plain
stats whose weak topics are the right answers' notes, "A vs B" cards, and "already posted"."""

from __future__ import annotations

from studyterm import Term

from bot.quiz.question import Question


def practice_id(term: Term) -> str:
    """The question id under the practice question on screen."""
    return term.last[0].action_id.split(":")[2]


def wrong_letter(q: Question) -> str:
    return next(x for x in q.letters if x not in q.answer)


async def test_a_miss_comes_back_ten_minutes_later_and_review_says_when(term: Term) -> None:
    await term.type("quiz")
    qid = practice_id(term)
    question = term.quiz.bank[qid]
    if len(question.answer) > 1:
        await term.type("1 2" if "A" not in question.answer else "3 4")
    else:
        assert "Not quite" in await term.type(str(question.letters.index(wrong_letter(question)) + 1))
    nothing = await term.type("review")
    assert "Nothing to review right now" in nothing and "The next one is due in 10 minutes." in nothing
    term.later(minutes=10)
    again = await term.type("review")
    assert "Review (1 due)" in again and question.stem in again
    right = " ".join(str(question.letters.index(x) + 1) for x in question.answer)
    assert "Correct!" in await term.type(right)  # counted: due again is a new answer
    assert "Nothing to review right now" in await term.type("review")


async def test_choose_two_uses_toggles_and_submit(term: Term) -> None:
    question = next(q for q in term.questions if len(q.answer) == 2)
    first, second = question.answer
    start = await term.click(f"quiz:p:{question.id}:~")
    assert "Select two options, then Submit." in start.text and start.replace
    assert [b.label for b in start.buttons] == list(question.letters)  # no ten combination buttons
    one = await term.click(next(b.action_id for b in start.buttons if b.label == first))
    assert f"Selected {first}: select 1 more, then Submit." in one.text
    assert [b.label for b in one.buttons if b.style == "primary"] == [f"✓ {first}"]
    two = await term.click(next(b.action_id for b in one.buttons if b.label == second))
    submit = two.buttons[-1]
    assert submit.label == f"Submit {first}+{second}" and not submit.toggle
    assert (await term.click(submit.action_id)).title == "Correct!"
    term.last = start.buttons  # the same question in the terminal: type both numbers
    typed = " ".join(str(question.letters.index(x) + 1) for x in question.answer)
    assert "You already answered" in await term.type(typed)


async def test_stats_read_plainly_and_weak_topics_are_the_right_answers_notes(term: Term) -> None:
    assert "Readiness: no answers yet" in await term.type("ready")
    question = term.quiz.bank["q-inf-managed-blockchain-consortium"]  # tests aurora, dynamodb, documentdb too
    await term.click(f"quiz:p:{question.id}:B")  # DynamoDB global tables: wrong
    stats = await term.type("stats")
    assert "0 of 1 right (0%)" in stats and "(0/1 (0%))" not in stats
    assert "Weakest topics\n  Amazon Managed Blockchain: 0 of 1 right" in stats
    assert "Aurora" not in stats and "DocumentDB" not in stats  # options never chosen
    assert "Readiness\n  " in stats and "estimated (pass mark 700)" in stats
    ready = await term.type("ready")
    assert "Study these next\n  Amazon Managed Blockchain (about" in ready and "`lookup Amazon Managed Blockchain`" in ready


async def test_a_mixup_is_counted_listed_in_stats_and_queued_as_an_a_vs_b_card(term: Term) -> None:
    mixups = term.quiz.study.mixups
    question, pair = next((q, p) for q in term.questions if len(q.answer) == 1
                          for x in q.letters if x not in q.answer for p in mixups.pairs(q, x))
    picked = next(x for x in question.letters if x not in question.answer and pair in mixups.pairs(question, x))
    await term.click(f"quiz:p:{question.id}:{picked}")
    right, wrong = (mixups.label(n) for n in pair)
    assert f"Your most frequent mix-ups\n  {wrong} picked for {right} (once)" in await term.type("stats")
    term.later(minutes=10)
    for _ in range(2):  # the question and the card are both due again
        shown = await term.type("review")
        if " vs " in shown:
            break
        await term.type(" ".join(str(question.letters.index(x) + 1) for x in question.answer))
    assert f"{right} vs {wrong}" in shown and "The deciding difference:" in shown
    assert "[1] Got it  [2] Still mixing them up" in shown
    assert "Noted" in await term.type("1")
    assert "Nothing to review right now" in await term.type("review")


async def test_a_second_post_today_says_it_was_posted_and_shows_it(term: Term) -> None:
    await term.type("post")
    again = await term.type("post")
    assert again.startswith("Today's question was already posted here; here it is again:\nQuestion of the day")
    assert "[1] A" in again and "claimed" not in again
    question = next(q for q in term.questions if again.split("\n")[2] == q.stem)
    assert "Correct!" in await term.type(" ".join(str(question.letters.index(x) + 1) for x in question.answer))
