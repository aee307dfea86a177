"""Answer buttons: one per option for single response; for multiple response, toggles plus a
submit button (the exam's own way, instead of a button per combination of options).

A toggle's action id carries the selection the click makes (`...:~AC`, see `bot.actions`), so no state is
kept anywhere: the reply to a toggle redraws the question with the new selection, and the submit
button, shown once the selection has as many options as the question asks for, is the ordinary
answer (`...:AC`).
"""

from __future__ import annotations

from bot.actions import TOGGLE, Answer, Asked, encode
from bot.model import Button
from bot.quiz.question import Question

SELECTED_MARK = "✓ "  # starts the label of a selected toggle (the terminal reads it for `1 3`)
NUMBER_WORDS = {2: "two", 3: "three"}


def is_toggle(choice: str) -> bool:
    """Whether a clicked choice is a toggle (not an answer)."""
    return choice.startswith(TOGGLE)


def selection(choice: str, question: Question) -> str:
    """The letters a toggle selects, in order, keeping only the question's own letters."""
    picked = set(choice.lstrip(TOGGLE))
    return "".join(letter for letter in question.letters if letter in picked)


def is_answer(choice: str, question: Question) -> bool:
    """A submittable answer: one letter, or as many distinct letters as the question asks for."""
    return (len(choice) == len(question.answer) and selection(choice, question) == choice)


def option_buttons(question: Question, asked: Asked, selected: str = "") -> tuple[Button, ...]:
    """The answer buttons under a question (with `selected` toggled on)."""
    if len(question.answer) == 1:
        return tuple(Button(label=letter, action_id=encode(Answer(asked, letter))) for letter in question.letters)
    buttons = [_toggle(letter, asked, selected, question) for letter in question.letters]
    if len(selected) == len(question.answer):
        buttons.append(Button(label=f"Submit {'+'.join(selected)}", action_id=encode(Answer(asked, selected)),
                              style="primary"))
    return tuple(buttons)


def _toggle(letter: str, asked: Asked, selected: str, question: Question) -> Button:
    after = selection(selected.replace(letter, "") if letter in selected else selected + letter, question)
    on = letter in selected
    return Button(label=f"{SELECTED_MARK}{letter}" if on else letter, action_id=encode(Answer(asked, TOGGLE + after)),
                  style="primary" if on else "default", toggle=True)


def prompt(question: Question, selected: str = "") -> str:
    """The line under a multiple-response question saying what to do next ('' for single)."""
    need = len(question.answer)
    if need == 1:
        return ""
    count = NUMBER_WORDS.get(need, str(need))
    if not selected:
        return f"Select {count} options, then Submit."
    chosen = " and ".join(selected)
    if len(selected) == need:
        return f"Selected {chosen}: press Submit, or change your selection."
    if len(selected) < need:
        return f"Selected {chosen}: select {need - len(selected)} more, then Submit."
    return f"Selected {chosen}: that is more than {count}; unselect {len(selected) - need}."
