"""The weekly digest of a channel: the week's hardest question, the most improved member, the
channel's accuracy per domain (with a chart) and its streak leaders. Pure: rows in, reply out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.model import Attachment, Field, Reply
from bot.quiz.question import DOMAIN_NAMES, DOMAINS, Question
from bot.storage.studyrecords import ChannelAnswer
from bot.study.chart import domain_chart

MIN_ANSWERS = 3  # a member's accuracy over fewer answers says little


@dataclass(frozen=True)
class Digest:
    """What one week of a channel's daily questions shows."""

    week: date  # its Monday
    answers: int
    hardest: tuple[Question, int, int] | None  # question, right, answers
    improved: tuple[str, float, float] | None  # name, accuracy before, this week
    domains: dict[str, tuple[int, int]]
    streaks: list[tuple[str, int]]


def build(week: date, this_week: Sequence[ChannelAnswer], before: Sequence[ChannelAnswer],
          bank: Mapping[str, Question], streaks: Mapping[str, tuple[str, int]]) -> Digest:
    """The digest from the week's answers, the four weeks before, and streaks by user id."""
    per_question: dict[str, list[int]] = {}
    domains: dict[str, list[int]] = {}
    for a in this_week:
        question = bank.get(a.question_id)
        if question is None:
            continue
        for tally in (per_question.setdefault(a.question_id, [0, 0]), domains.setdefault(question.domain, [0, 0])):
            tally[0] += int(a.correct)
            tally[1] += 1
    hardest = min(per_question.items(), key=lambda kv: (kv[1][0] / kv[1][1], -kv[1][1]), default=None)
    leaders = sorted(((name, n) for name, n in streaks.values() if n > 0), key=lambda p: (-p[1], p[0]))[:3]
    return Digest(
        week, len(this_week),
        (bank[hardest[0]], hardest[1][0], hardest[1][1]) if hardest else None,
        _most_improved(this_week, before),
        {d: (r, n) for d, (r, n) in domains.items()}, leaders,
    )


def _most_improved(this_week: Sequence[ChannelAnswer], before: Sequence[ChannelAnswer]) -> tuple[str, float, float] | None:
    def accuracy(rows: Sequence[ChannelAnswer]) -> dict[str, tuple[float, str]]:
        by: dict[str, list[int]] = {}
        names: dict[str, str] = {}
        for a in rows:
            by.setdefault(a.user_id, [0, 0])
            by[a.user_id][0] += int(a.correct)
            by[a.user_id][1] += 1
            names[a.user_id] = a.name
        return {u: (r / n, names[u]) for u, (r, n) in by.items() if n >= MIN_ANSWERS}

    now, then = accuracy(this_week), accuracy(before)
    gains = [(now[u][0] - then[u][0], now[u][1], then[u][0], now[u][0]) for u in now if u in then]
    best = max(gains, default=None)
    return (best[1], best[2], best[3]) if best and best[0] > 0 else None


def digest_reply(digest: Digest) -> Reply:
    """The channel's public digest message, with the chart attached when it can be drawn."""
    title = f"Weekly digest · week of {digest.week.isoformat()}"
    if not digest.answers:
        return Reply(title=title, private=False,
                     text="No answers to the daily question this week. `quiz` works any time!")
    fields = []
    if digest.hardest:
        q, right, n = digest.hardest
        fields.append(Field("Hardest question", f"{q.stem}\n{right} of {n} right. Answer: "
                            + "; ".join(f"{x}. {q.option(x)}" for x in q.answer)))
    if digest.improved:
        name, before, after = digest.improved
        fields.append(Field("Most improved", f"{name}: {before:.0%} in the four weeks before, {after:.0%} this week"))
    shares = {DOMAIN_NAMES[d]: (r / n, n) for d in DOMAINS for r, n in [digest.domains.get(d, (0, 0))] if n}
    fields.append(Field("Channel accuracy by domain", "\n".join(
        f"{name}: {share:.0%} of {n}" for name, (share, n) in shares.items())))
    if digest.streaks:
        fields.append(Field("Streak leaders", ", ".join(f"{name} ({n} day{'s' if n != 1 else ''})"
                                                        for name, n in digest.streaks)))
    png = domain_chart(shares, "Channel accuracy by domain this week")
    return Reply(title=title, text=f"{digest.answers} answers to the daily question this week.",
                 fields=tuple(fields), private=False,
                 attachment=Attachment(f"awstutor-digest-{digest.week.isoformat()}.png", png)
                 if png else None)
