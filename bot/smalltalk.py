"""Small talk ("hi", "thanks", "who are you?") and the hint for questions not in English."""

from __future__ import annotations

import re

from bot.actions import ask_button
from bot.model import Reply

MIN_SHARE = 60  # percent of the text in the detected language
_TRY = "Ask about a service (`what is sts`), compare two (`sqs vs sns`), paste an exam question with its options, or type `quiz`."
_KINDS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^(?:hi|hello|hey|hiya|howdy|yo|hey there|hi there|hello there|good (?:morning|afternoon|evening|day)|"
                r"greetings|sup|what'?s up|wassup)(?:\s+(?:bot|awstutor|buddy|there|all|everyone))?$"),
     "Hi!", f"I'm your AWS Cloud Practitioner study buddy. {_TRY}"),
    (re.compile(r"^(?:(?:ok(?:ay)?|great|cool|nice|awesome|perfect)[\s,]+)?(?:thanks|thank you|thank u|thx|ty|tysm|cheers|"
                r"many thanks|thanks a lot|thanks so much|appreciate it|much appreciated)(?:[\s,]+(?:a lot|so much|mate|buddy))?$"),
     "You're welcome!", "Anything else? `quiz` gives you a practice question, `review` brings back the ones you missed."),
    (re.compile(r"^(?:bye|goodbye|bye bye|see you|see ya|cya|later|good night|gotta go|that'?s all)$"),
     "Good luck with your studies!", "I'm here whenever you want to practise: `quiz` any time."),
    (re.compile(r"^(?:how are you|how r u|how are u|how'?s it going|how do you do)$"),
     "Ready when you are.", _TRY),
    (re.compile(r"^(?:who are you|what are you|what can you do|what do you do|what is this|what is awstutor|are you a bot)$"),
     "I'm awstutor", "A study buddy for the AWS Certified Cloud Practitioner exam (CLF-C02), answering from "
     f"notes written for it. {_TRY} `help` lists every command."),
    (re.compile(r"^(?:ok(?:ay)?|k|cool|nice|great|got it|alright|awesome|perfect|makes sense|i see|ah|oh|lol|haha|"
                r"wow|interesting|good|fine|yep|nope|no worries|np)$"),
     "Good.", f"What next? {_TRY}"),
]


def smalltalk(text: str) -> Reply | None:
    """A short, friendly reply to a greeting, thanks or goodbye; None for anything else."""
    said = re.sub(r"[\s!.?,:)(]+$", "", re.sub(r"^[\s,]+", "", text.lower())).replace("\u2019", "'")
    said = re.sub(r"\s+", " ", said)
    for pattern, title, text_ in _KINDS:
        if pattern.match(said):
            return Reply(title=title, text=text_)
    return None


def foreign_language(text: str) -> str | None:
    """The language Compact Language Detector 2 reads `text` as, when that is not English.

    On short chat text it guesses ("rds multi az" reads as Hungarian), so callers ask only about
    text the notes could not place and that has words the notes never use."""
    try:
        import pycld2
    except ImportError:  # an install without it simply gives no hint
        return None
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:  # invalid UTF-8 and the like
        return None
    name, code, percent = details[0][0], details[0][1], details[0][2]
    if code in ("en", "un") or percent < MIN_SHARE:
        return None
    return name.title()


def english_hint(language: str, named: list[tuple[str, str]]) -> Reply:
    """The reply to a question in another language: say so, and offer the services it names."""
    text = f"This looks like {language}. I only understand and answer in English, for now."
    if named:
        text += " You mentioned:"
    return Reply(
        title="I answer in English",
        text=text,
        buttons=tuple(ask_button(label, entry_id) for entry_id, label in named[:3]),
        footer="Try e.g. `what is s3` or `sqs vs sns`.",
        tone="warning",
    )
