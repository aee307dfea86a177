"""What a learner sees when asking the tutor things, in every shape the product promises."""

import pytest


def top(tutor, text):
    return tutor.answer(text).results[0].id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sts", "sts"),
        ("STS", "sts"),
        ("security token service", "sts"),
        ("simple ad", "simple-ad"),
        ("ad connector", "ad-connector"),
        ("cognito", "cognito"),
        ("/aws sts", "sts"),
        ("what is AWS STS?", "sts"),
        ("lookup iam identity center", "iam-identity-center"),
        ("AWS Single Sign-On", "iam-identity-center"),
    ],
)
def test_lookup_by_name_alias_or_old_name(tutor, text, expected):
    answer = tutor.answer(text)
    assert answer.intent == "lookup"
    assert answer.results[0].id == expected
    assert answer.reply.title == tutor.notes.entries[expected].name


@pytest.mark.parametrize("typo, expected", [("cognitio", "cognito"), ("secrity token service", "sts"), ("ad conector", "ad-connector")])
def test_lookup_forgives_typos(tutor, typo, expected):
    answer = tutor.answer(typo)
    assert answer.results[0].id == expected
    assert answer.results[0].score < 100


@pytest.mark.parametrize("acronym", ["ecx", "sqs2"])
def test_short_acronyms_are_never_fuzzy_matched(tutor, acronym):
    assert tutor.answer(acronym).intent != "lookup"


def test_acronyms_one_edit_apart_stay_distinct(tutor):
    assert top(tutor, "ec2") == "ec2"
    assert top(tutor, "ecs") == "ecs"
    assert top(tutor, "sns") == "sns"
    assert top(tutor, "sqs") == "sqs"
    assert top(tutor, "ses") == "ses"


def test_card_has_everything_a_learner_needs(tutor):
    reply = tutor.reply("sts")
    names = [f.name for f in reply.fields]
    assert names[:3] == ["Key facts", "Use it to", "Often confused with"]
    assert "Related" in names
    assert reply.url.startswith("https://docs.aws.amazon.com/")
    assert "temporary" in reply.text


def test_which_service_temporary_credentials(tutor):
    answer = tutor.answer("Which service gives temporary limited-privilege credentials?")
    assert answer.intent == "which_service"
    assert answer.results[0].id == "sts"
    assert answer.results[0].name == "AWS Security Token Service (AWS STS)"
    confused = next(f for f in answer.reply.fields if f.name == "Often confused with").value
    assert "Cognito" in confused and "Why:" in answer.reply.text


def test_which_service_single_sign_on(tutor):
    answer = tutor.answer("what do I use for single sign-on across accounts?")
    assert answer.results[0].id == "iam-identity-center"


@pytest.mark.parametrize(
    "text",
    ["compare sts cognito", "sts vs cognito", "STS versus Cognito?", "difference between sts and cognito", "/aws compare sts and cognito"],
)
def test_compare_forms(tutor, text):
    answer = tutor.answer(text)
    assert answer.intent == "compare"
    assert [r.id for r in answer.results] == ["sts", "cognito"]
    assert answer.reply.text.startswith("The deciding difference:")


def test_compare_directory_flavours(tutor):
    answer = tutor.answer("difference between AD Connector and Simple AD")
    assert [r.id for r in answer.results] == ["ad-connector", "simple-ad"]
    assert "proxy to your own AD" in answer.reply.text


def test_compare_needs_two_things(tutor):
    answer = tutor.answer("compare sts")
    assert answer.intent == "compare" and "second service" in answer.reply.text


PASTED = """A mobile game needs to let millions of players sign in with their Facebook or Google accounts.
Which AWS service should it use?
A. AWS IAM Identity Center
B) Amazon Cognito
C. AWS Directory Service
D. AWS Security Token Service (AWS STS)"""


def test_pasted_question_picks_the_option_and_says_why(tutor):
    answer = tutor.answer(PASTED)
    assert answer.intent == "choice"
    assert answer.choice == ("B",)
    assert answer.reply.title == "Answer: B"
    assert "B. Amazon Cognito" in answer.reply.fields[0].value


def test_pasted_question_with_dash_options_and_choose_two(tutor):
    text = (
        "A company wants to connect its on-premises Active Directory to AWS. Which TWO options can use the existing "
        "on-premises directory? (Choose TWO.)\n- Simple AD\n- AD Connector\n- AWS Managed Microsoft AD\n- Amazon Cognito"
    )
    answer = tutor.answer(text)
    assert answer.choice == ("B", "C")


def test_not_question_picks_the_odd_one_out(tutor):
    text = "Which of these is NOT a flavour of AWS Directory Service?\nA. Simple AD\nB. AD Connector\nC. AWS Managed Microsoft AD\nD. Amazon Macie"
    assert tutor.answer(text).choice == ("D",)


def test_unknown_is_honest_and_offers_nearest_topics(tutor):
    answer = tutor.answer("what is the meaning of life")
    assert answer.intent == "unknown"
    assert answer.reply.title == "I don't know that one"
    assert answer.reply.buttons  # nearest topics to click


def test_a_misspelt_name_close_to_one_entry_finds_it(tutor):
    answer = tutor.answer("kinesis data strem")
    assert answer.intent == "lookup"
    assert answer.results[0].id == "kinesis-data-streams"


@pytest.mark.parametrize("typo", ["amazon ecx", "aws ebx", "amazon sqz"])
def test_a_prefix_does_not_make_acronyms_fuzzy(tutor, typo):
    assert tutor.answer(typo).intent != "lookup"


def test_a_misspelt_prefix_still_finds_the_service(tutor):
    assert tutor.answer("Amazom CloudFront").results[0].id == "cloudfront"


def test_near_tie_asks_did_you_mean():
    from bot.notes import Entry, Notes
    from bot.tutor import Tutor

    def note(id_, name):
        return Entry(id=id_, kind="service", name=name, category="Compute", domain="cloud-technology",
                     summary=f"{name} does things.", as_of="2026-11-26", aliases=(name.lower(),),
                     use_cases=("a", "b", "c"), keywords=("k",), facts=("f",))

    tiny = Tutor(Notes({"widget": note("widget", "Alpha Widget"), "gadget": note("gadget", "Alpha Gadget")}))
    answer = tiny.answer("alpha wadget")
    assert answer.reply.title == "Did you mean…"
    assert {b.action_id for b in answer.reply.buttons} == {"ask:widget", "ask:gadget"}


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "/aws"])
def test_empty_input_gets_guidance(tutor, text):
    answer = tutor.answer(text)
    assert answer.intent == "unknown"
    assert "help" in answer.reply.text


def test_huge_input_is_answered_and_says_it_was_cut(tutor):
    text = "which service gives temporary credentials? " + "x" * 40_000
    answer = tutor.answer(text)
    assert "first 4,000 characters" in answer.reply.footer
    assert len(answer.reply.plain()) < 5_000


@pytest.mark.parametrize(
    "text",
    [
        "ＳＴＳ",  # full-width letters
        "S\u200bT\u200bS",  # zero-width spaces
        "sts\x00\x07",  # control characters
        "“simple ad”",  # curly quotes
        "Simple\u00a0AD",  # no-break space
    ],
)
def test_odd_unicode_is_folded(tutor, text):
    assert tutor.answer(text).results[0].id in {"sts", "simple-ad"}


@pytest.mark.parametrize("text", ["@everyone which service gives temporary credentials?", "<!channel> sts vs cognito"])
def test_mentions_in_text_do_not_change_the_answer(tutor, text):
    assert tutor.answer(text).results[0].id == "sts"


def test_answering_never_raises_on_random_junk(tutor):
    for junk in ["A.", "A. B. C.", "compare vs", "vs", "?" * 500, "\ud83d\ude00" * 100, "A) x\nB) y", "- \n- "]:
        tutor.answer(junk)


def test_a_close_call_says_not_sure_and_what_tells_the_two_apart(tutor):
    answer = tutor.answer("which service protects against DDoS?")
    assert answer.label == "unsure"
    assert {r.id for r in answer.results[:2]} == {"shield", "shield-advanced"}
    assert answer.reply.title.startswith("Not sure:")
    assert "What tells them apart: Shield Standard is free" in answer.reply.text
    assert {b.action_id for b in answer.reply.buttons} == {"ask:shield", "ask:shield-advanced"}


def test_a_clear_answer_is_sure(tutor):
    answer = tutor.answer("which service records API calls for auditing?")
    assert answer.results[0].id == "cloudtrail" and answer.label == "sure"
    assert not answer.reply.title.startswith("Not sure")


def test_a_service_question_gets_the_tier_it_names(tutor):
    assert top(tutor, "which tier of AWS Shield gives 24/7 access to the Shield Response Team?") == "shield-advanced"


def test_an_answer_card_offers_only_close_candidates_once(tutor):
    answer = tutor.answer("which service records API calls for auditing?")
    titles = [f.name for f in answer.reply.fields]
    assert "Also close" not in titles
    labels = [b.label for b in answer.reply.buttons]
    assert len(labels) == len(set(labels))
    best = answer.results[0].score
    for b in answer.reply.buttons:
        shown = next(r for r in answer.results if f"ask:{r.id}" == b.action_id)
        assert shown.score >= 60 * best / 100
    assert "compare AWS CloudTrail" in answer.reply.footer and "cloudtrail ..." not in answer.reply.footer
