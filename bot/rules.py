"""Question-type rules: answers that come from knowledge shaped for them, not from word overlap.

Each rule reads a pasted exam question through `Ask` and either decides which options are
wanted (a `Decision`, with the reason a student should read) or passes. Rules are named so
that each can be switched off to measure what it is worth (`awstutor eval --without NAME`).

- `property`: the stem names a property ("NoSQL", "global service"); its members among the
  options are the answer (its non-members when the question is negated).
- `ordering`: the stem asks for an end of an ordering ("slowest retrieval", "cheapest"); the
  option at that end is the answer.
- `responsibility`: the stem asks who does a task (options are AWS / the customer / both), or
  which tasks are the customer's or AWS's (options are tasks).
- `trap`: an option repeats, nearly word for word, a false statement that a note lists as a trap;
  it is not the answer (it is when the question asks which is NOT true).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.notes import Trap
from bot.phrases import Found, PhraseIndex, named_properties
from bot.properties import Ordering, Property, Responsibility
from bot.text import name_key


@dataclass(frozen=True)
class Decision:
    """The options a rule wants (possibly fewer or more than the question's picks) and why."""

    rule: str
    letters: tuple[str, ...]
    why: str
    reasons: tuple[tuple[str, str], ...] = ()  # (letter, why) for options the reason is about, if not `letters`


@dataclass(frozen=True)
class Ask:
    """A pasted question as the rules see it."""

    stem: str
    options: dict[str, str]
    named: dict[str, list[str]]  # letter -> note ids the option names
    stem_named: list[str]  # note ids the stem names
    picks: int
    negated: bool
    phrases: PhraseIndex
    known_false: Callable[[str], Trap | None] = lambda text: None  # the trap `text` repeats, if any


def property_rule(ask: Ask) -> Decision | None:
    for found in ask.phrases.find(ask.stem):
        prop = found.owner
        if not isinstance(prop, Property):
            continue
        inside = {k for k, ids in ask.named.items() if any(i in prop.members for i in ids)}
        outside = {k for k, ids in ask.named.items() if ids and k not in inside}
        if not inside or not outside:
            continue  # the phrase does not tell these options apart
        wanted = outside if ask.negated else inside
        return Decision("property", tuple(sorted(wanted)), prop.why)
    return None


def ordering_rule(ask: Ask) -> Decision | None:
    """A superlative ("retrieves slowest") picks the option at that end of an ordering; a property
    the stem also names ("cheapest plan with 24/7 phone support") rules out options without it."""
    found_all = ask.phrases.find(ask.stem)
    having = named_properties(found_all)
    for found in found_all:
        ordering = found.owner
        if not isinstance(ordering, Ordering):
            continue
        ranked = {k: r for k, ids in ask.named.items() for r in [_rank(ordering, ids)] if r is not None}
        if len(ranked) < 2:
            continue
        qualified = {k: r for k, r in ranked.items() if all(set(ask.named[k]) & p.members for p in having)}
        # With NOT the wanted option may lack the property; with no qualified option, the stem's
        # property phrase was about something else. Either way the plain ordering decides.
        narrowed = bool(qualified) and len(qualified) < len(ranked) and not ask.negated
        pool = qualified if narrowed else ranked
        high = (found.direction == "high") != ask.negated
        end = max(pool.values()) if high else min(pool.values())
        wanted = tuple(sorted(k for k, r in pool.items() if r == end))
        return Decision("ordering", wanted, " ".join([ordering.why, *(p.why for p in having if narrowed)]))
    return None


def _rank(ordering: Ordering, ids: list[str]) -> int | None:
    ranks = [r for r in (ordering.rank(i) for i in ids) if r is not None]
    return ranks[0] if len(ranks) == 1 else None


_ACTOR_WORDS = {
    "shared": re.compile(r"\b(both|shared|aws and (?:the )?customers?|customers? and aws|jointly)\b"),
    "customer": re.compile(r"\b(customers?|the user|you|your company|the company|client)\b"),
    "aws": re.compile(r"\b(aws|amazon web services|amazon)\b"),
}
# "the AWS shared responsibility model" names AWS without asking about it.
_MODEL_NAME = re.compile(r"\b(?:aws )?shared responsibility model\b")
# "the AWS customer" is the customer, not AWS.
_AWS_CUSTOMER = re.compile(r"\baws (?=customers?\b)")


# An option that names a party and nothing else ("AWS", "The customer", "Both AWS and the
# customer"); "AWS Config" or "Amazon EC2" name a service, not a party.
_PARTY_WORDS = frozenset("aws amazon web services customer customers user users you your company client the "
                         "both and shared jointly is are responsible responsibility of only".split())


def _actor_of_option(text: str) -> str | None:
    """"AWS", "The customer", "Both AWS and the customer" -> the actor; anything else -> None."""
    key = name_key(text)
    if not key or not set(key.split()) <= _PARTY_WORDS:
        return None
    for actor, pattern in _ACTOR_WORDS.items():
        if pattern.search(key):
            return actor
    return None


# The model's own words for each side: AWS secures "the cloud", the customer what is "in" it.
_MODEL_WORDS = [
    (re.compile(r"\bshared controls?\b"), "shared"),
    (re.compile(r"\bsecurity in the cloud\b"), "customer"),
    (re.compile(r"\bsecurity of the cloud\b"), "aws"),
]


# "the customer's responsibility", "responsibilities of AWS", "managed by AWS", "AWS is responsible".
_ASKS_FOR = re.compile(
    r"\b(?P<a>customers?|aws)(?: s)?(?: \w+){0,2} (?:responsibilit\w*|responsible|manages?|handles?|does|jobs?|tasks?|dut\w*)\b"
    r"|(?:responsibilit\w*|responsible|managed|handled|done|performed|jobs?|tasks?|duty|duties) (?:\w+ ){0,2}(?:of|by|for) (?:the )?(?P<b>customers?|aws)\b"
)


def _asked_actor(stem: str) -> str | None:
    """Whose tasks the stem asks for ("which are the customer's responsibility?")."""
    key = name_key(stem)
    for pattern, actor in _MODEL_WORDS:
        if pattern.search(key):
            return actor
    key = _AWS_CUSTOMER.sub("", _MODEL_NAME.sub(" ", key))
    asks = {("aws" if who.startswith("aws") else "customer")
            for m in _ASKS_FOR.finditer(key) for who in (m.group("a") or m.group("b"),)}
    return asks.pop() if len(asks) == 1 else None


def responsibility_rule(ask: Ask) -> Decision | None:
    actors = {k: _actor_of_option(v) for k, v in ask.options.items()}
    if sum(1 for a in actors.values() if a) >= 2:
        return _who_does(ask, actors)
    return _whose_tasks(ask)


def _who_does(ask: Ask, actors: dict[str, str | None]) -> Decision | None:
    for found in ask.phrases.find(ask.stem):
        duty = found.owner
        if not isinstance(duty, Responsibility):
            continue
        who = _actor_for(duty, ask.stem_named)
        wanted = tuple(k for k, a in actors.items() if a == who)
        if who and wanted:
            return Decision("responsibility", wanted, duty.why)
    return None


def _actor_for(duty: Responsibility, named: list[str]) -> str | None:
    for entry_id in named:
        who = duty.actor(entry_id)
        if who and who != duty.default:
            return who
    return duty.actor(named[0] if named else None)


def _whose_tasks(ask: Ask) -> Decision | None:
    asked = _asked_actor(ask.stem)
    if not asked:
        return None
    verdicts: dict[str, str] = {}
    why = ""
    for letter, text in ask.options.items():
        duties = [f.owner for f in ask.phrases.find(text) if isinstance(f.owner, Responsibility)]
        if duties:
            who = _actor_for(duties[0], ask.stem_named + ask.named[letter])
            if who:
                verdicts[letter] = who
                why = why or duties[0].why
    if len(verdicts) < 2:
        return None
    exact = tuple(k for k, who in verdicts.items() if (who == asked) != ask.negated)
    # A shared task is partly everyone's: it counts only when the clear ones are too few.
    wanted = exact if len(exact) >= ask.picks else tuple(k for k, who in verdicts.items()
                                                         if (who in (asked, "shared")) != ask.negated)
    return Decision("responsibility", wanted, why) if wanted else None


def trap_rule(ask: Ask) -> Decision | None:
    """An option that repeats a known false statement (a note's trap) is not the answer, or is
    the one wanted when the question asks which is NOT true. The others are left to the scores."""
    false = {k: trap for k, text in ask.options.items() for trap in [ask.known_false(text)] if trap}
    if not false or len(false) == len(ask.options):
        return None
    wanted = tuple(sorted(false if ask.negated else set(ask.options) - set(false)))
    if not ask.negated and len(wanted) < ask.picks:
        return None
    why = {k: f"a common trap. {trap.right}" for k, trap in sorted(false.items())}
    return Decision("trap", wanted, next(iter(why.values())), tuple(why.items()))


RULES: dict[str, Callable[[Ask], Decision | None]] = {
    "ordering": ordering_rule,
    "property": property_rule,
    "responsibility": responsibility_rule,
    "trap": trap_rule,
}


def decide(ask: Ask, disabled: frozenset[str] = frozenset()) -> Decision | None:
    """The first rule that decides, in the order above (the most specific knowledge first)."""
    for name, rule in RULES.items():
        if name not in disabled:
            decision = rule(ask)
            if decision:
                return decision
    return None


# Weights inside the scoring (bot/index.py, bot/choose.py), switchable the same way.
SCORING_RULES = {
    "kind": "a question that asks for a service (or a concept) favours notes of that kind",
    "best-line": "a statement option is judged partly by the one note line that says it best",
    "context-names": "a bare word names a note in the stem's context (\"Enterprise\" among support plans)",
    "learned": "options no rule decides are ranked by features weighed as fitted on the tuning half (awstutor fit)",
}
RULE_NAMES = frozenset(RULES) | frozenset(SCORING_RULES)

__all__ = ["Ask", "Decision", "Found", "RULES", "RULE_NAMES", "SCORING_RULES", "decide"]
