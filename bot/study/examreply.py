"""What a mock exam looks like: each question with its clock, and the score report."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.actions import ExamPage, ExamStep, encode
from bot.model import Button, Field, Reply
from bot.quiz.question import DOMAIN_NAMES, DOMAINS, Question
from bot.quiz.round import Round
from bot.storage.studyrecords import ExamRow
from bot.study.exam import PASS_MARK, Grade, Miss

MISSES_PER_PAGE = 5  # each miss carries its explanation; more would break platform limits


def clock(span: timedelta) -> str:
    """A duration as H:MM:SS (or M:SS under an hour)."""
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def step(exam: ExamRow) -> ExamStep:
    """The exam's current question, as its answer buttons carry it."""
    return ExamStep(exam.id, exam.position)


def question_reply(exam: ExamRow, question: Question, now: datetime, note: str = "",
                   selected: str = "") -> Reply:
    """The exam's current question, redrawing the clicked message."""
    n, total = exam.position + 1, len(exam.questions)
    asked = Round(question, step(exam)).post(f"Mock exam · question {n} of {total}", private=True,
                                               selected=selected)
    text = f"{note}\n\n{asked.text}" if note else asked.text
    footer = f"Time left {clock(exam.ends_at - now)} · `exam stop` abandons it"
    return replace(asked, text=text, footer=footer, replace=True)


def report(exam: ExamRow, grade: Grade, page: int = 0, timed_out: bool = False) -> Reply:
    """The score report: estimated score, pass line, domains, time used and a page of misses."""
    used = (exam.finished_at or exam.ends_at) - exam.started_at
    allowed = exam.ends_at - exam.started_at
    verdict = "at or above" if grade.passed else "below"
    lead = (f"Estimated score: {grade.score} of 1000 ({verdict} the {PASS_MARK} pass mark). This is an "
            f"estimate: AWS does not publish how answers become the scaled score, so I map 70% right "
            f"to 700. {grade.right} of {grade.total} right ({grade.right / max(1, grade.total):.0%}); "
            f"time used {clock(min(used, allowed))} of {clock(allowed)}.")
    if timed_out:
        lead += f" Time ran out after {len(exam.answers)} answers; the rest count as wrong."
    fields = [Field(DOMAIN_NAMES[d], f"{r} of {n} right ({r / n:.0%})", inline=True)
              for d in DOMAINS for r, n in [grade.domains.get(d, (0, 0))] if n]
    start = page * MISSES_PER_PAGE
    shown = grade.misses[start:start + MISSES_PER_PAGE]
    fields += [_miss_field(m) for m in shown]
    more = len(grade.misses) - start - len(shown)
    buttons = (Button(f"Next {min(more, MISSES_PER_PAGE)} misses", encode(ExamPage(exam.id, page + 1))),) \
        if more > 0 else ()
    footer = (f"Misses {start + 1}-{start + len(shown)} of {len(grade.misses)}. " if shown else "No misses. ")
    return Reply(
        title=f"Mock exam result: {grade.score} ({'pass' if grade.passed else 'not yet a pass'}, estimated)",
        text=lead, fields=tuple(fields), buttons=buttons, replace=True,
        tone="success" if grade.passed else "warning",
        footer=footer + "Missed questions are in your `review` queue. `ready` shows your readiness.",
    )


def _miss_field(miss: Miss) -> Field:
    q = miss.question
    right = "; ".join(f"{x}. {q.option(x)}" for x in q.answer)
    picked = "+".join(miss.choice) if miss.choice else "no answer"
    lines = [q.stem, f"Answer: {right}", f"Why: {q.explanation}"]
    lines += [f"Why not {x}: {q.why_not[x]}" for x in miss.choice if x in q.why_not]
    return Field(f"Q{miss.number} · you picked {picked}", "\n".join(lines))
