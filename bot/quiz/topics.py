"""`quiz billing`, `quiz security`, `quiz s3`: the practice questions on one exam domain or topic."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.errors import UserError
from bot.quiz.question import DOMAIN_NAMES, Question

# Everyday names of the four exam domains (CLF-C02 numbers them 1-4 in this order).
DOMAIN_WORDS = {
    "cloud-concepts": ("concepts", "cloud concepts", "cloud", "domain 1"),
    "security-compliance": ("security", "compliance", "security and compliance", "domain 2"),
    "cloud-technology": ("technology", "tech", "technology and services", "cloud technology", "services",
                         "domain 3"),
    "billing-support": ("billing", "pricing", "support", "cost", "costs", "billing and pricing",
                        "billing pricing and support", "domain 4"),
}
TRY = "Try a domain (`quiz concepts`, `quiz security`, `quiz technology`, `quiz billing`) or a service, e.g. `quiz s3`."


def domain_named(subject: str) -> str | None:
    """The exam domain id `subject` names, if it names one."""
    key = subject.lower().replace(",", "").strip()
    for domain, words in DOMAIN_WORDS.items():
        if key in words or key == domain or key == DOMAIN_NAMES[domain].lower().replace(",", ""):
            return domain
    return None


def questions_on(
    questions: Sequence[Question], subject: str, resolve: Callable[[str], str | None] | None,
    topic_names: Mapping[str, str],
) -> tuple[list[Question], str]:
    """The questions on `subject` (a domain or a note's name) and how to call it; UserError if none."""
    domain = domain_named(subject)
    if domain:
        return [q for q in questions if q.domain == domain], DOMAIN_NAMES[domain]
    topic = resolve(subject) if resolve else None
    if topic is None:
        raise UserError(f"I don't know `{subject[:60]}` as an exam domain or a topic. {TRY}")
    found = [q for q in questions if topic in q.tests]
    label = topic_names.get(topic, topic)
    if not found:
        raise UserError(f"I have no practice questions on {label} yet. {TRY}")
    return found, label
