"""The button action-id codec: every action survives the round trip, ids posted before the codec
still decode to what they meant, and ids built from valid note and question ids fit Discord."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.actions import (
    MAX_LENGTH,
    MAX_NOTE_ID,
    MAX_QUESTION_ID,
    Answer,
    Ask,
    DailyPost,
    ExamPage,
    ExamStep,
    ForgetMe,
    MixupRating,
    Practice,
    decode,
    encode,
    kind,
)

ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def ids(longest: int) -> st.SearchStrategy[str]:
    head = st.sampled_from(ID_CHARS[:-1])
    return st.builds(lambda h, t: h + t, head, st.text(ID_CHARS, max_size=longest - 1))


note_ids, question_ids = ids(MAX_NOTE_ID), ids(MAX_QUESTION_ID)
letters = st.lists(st.sampled_from("ABCDE"), unique=True, max_size=5).map("".join)
choices = st.one_of(letters.filter(bool), letters.map(lambda s: "~" + s))
counts = st.integers(min_value=0, max_value=2**53)
asked = st.one_of(st.builds(DailyPost, counts), st.builds(Practice, question_ids, st.booleans()),
                  st.builds(ExamStep, counts, st.integers(0, 200)))
action_strategy = st.one_of(
    st.builds(Ask, note_ids, st.none() | st.dates()),
    st.builds(Answer, asked, choices),
    st.builds(ExamPage, counts, st.integers(0, 999)),
    st.builds(MixupRating, note_ids, note_ids, st.booleans()),
    st.just(ForgetMe()),
)


@given(action_strategy)
def test_every_action_survives_the_round_trip_and_fits_a_discord_custom_id(action):
    """Built from valid note and question ids (at their longest), every id fits Discord's limit."""
    action_id = encode(action)
    assert decode(action_id) == action
    assert len(action_id) <= MAX_LENGTH, action_id


@pytest.mark.parametrize(("action_id", "action"), [
    # Ids already on posted messages (Discord persistent buttons, Slack values) keep their meaning.
    ("ask:sts", Ask("sts")),
    ("ask:sts@2027-02-01", Ask("sts", date(2027, 2, 1))),
    ("quiz:42:B", Answer(DailyPost(42), "B")),
    ("quiz:42:~AC", Answer(DailyPost(42), "~AC")),
    ("quiz:42:~", Answer(DailyPost(42), "~")),
    ("quiz:p:ec2-basics:E", Answer(Practice("ec2-basics"), "E")),
    ("quiz:r:iam-basics:BD", Answer(Practice("iam-basics", review=True), "BD")),
    ("quiz:x:123:64:AC", Answer(ExamStep(123, 64), "AC")),
    ("quiz:x:123:more:12", ExamPage(123, 12)),
    ("quiz:vs:sqs:sns:Y", MixupRating("sqs", "sns", got_it=True)),
    ("quiz:vs:sqs:sns:N", MixupRating("sqs", "sns", got_it=False)),
    ("quiz:forget:confirm", ForgetMe()),
])
def test_ids_posted_before_keep_their_meaning(action_id, action):
    assert decode(action_id) == action and encode(action) == action_id


@pytest.mark.parametrize("action_id", [
    "", "bogus:1", "quiz:", "quiz:42:", "quiz:42:F", "quiz:42:b", "quiz:p:Bad_Id:A", "quiz:x:1:two:A",
    "quiz:vs:sqs:sns:maybe", "quiz:forget", "ask:", "ask:sts@2027-13-45", "quiz:nothing:here",
])
def test_malformed_ids_decode_to_nothing(action_id):
    assert decode(action_id) is None


def test_the_request_log_names_the_kind_of_click_never_its_text():
    assert [kind("ask:secret-note"), kind("quiz:42:A"), kind("quiz:forget:confirm"), kind("private text")] == \
        ["ask", "quiz", "quiz", "button"]
