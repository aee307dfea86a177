"""Question-type rules and direct answers, on properties and traps written for these tests.

Each kind of question the rules answer has a test, and each rule a test that fails without it.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.notes import Notes, Trap, load_notes
from bot.parse import exam_question
from bot.propload import check_properties
from bot.tutor import Tutor
from tests.core.conftest import KNOWLEDGE

PROPERTIES = """\
properties:
  - id: nosql-db
    name: NoSQL databases
    phrases: [nosql, non-relational]
    members: [dynamodb, documentdb, neptune, keyspaces]
    non_members: [rds, aurora, redshift]
    why: DynamoDB, DocumentDB, Neptune and Keyspaces keep data outside relational tables.
    as_of: "2026-12-05"
  - id: global-scope
    name: Global services
    phrases: [global service, global in scope]
    members: [iam, route-53, cloudfront]
    non_members: [ec2, vpc]
    why: IAM, Route 53 and CloudFront are set up once for every Region.
    as_of: "2026-12-05"
  - id: phone-help
    name: Plans with round-the-clock phone help
    phrases: [24/7 phone support]
    members: [support-business, support-enterprise]
    why: Business and Enterprise answer the phone at any hour.
    as_of: "2026-12-05"
orderings:
  - id: plan-price
    name: Plans by price
    order: [support-basic, support-developer, support-business, support-enterprise]
    low: [cheapest plan]
    high: [priciest plan]
    why: Basic costs nothing; each plan above costs more.
    as_of: "2026-12-05"
  - id: retrieval
    name: S3 classes by time to get data back
    order: [[s3-standard, s3-standard-ia], s3-glacier]
    low: [quickest to retrieve]
    high: [longest to retrieve, slowest retrieval]
    why: Standard classes answer in milliseconds; archive classes take minutes to hours.
    as_of: "2026-12-05"
responsibilities:
  - id: os-patching
    task: patching the operating system
    phrases: [patching the guest operating system, patches the guest os, patch the operating system]
    customer: [ec2]
    aws: [rds, lambda]
    why: You look after the OS of your own instances; managed services have theirs patched by AWS.
    as_of: "2026-12-05"
  - id: password-rules
    task: setting password rules for IAM users
    phrases: [password complexity rules, password policy]
    default: customer
    why: The customer decides how its own users sign in.
    as_of: "2026-12-05"
  - id: patch-management
    task: patch management
    phrases: [patch management]
    default: shared
    why: AWS patches the infrastructure; the customer patches its guest systems and applications.
    as_of: "2026-12-05"
  - id: data-center-operations
    task: running the data centres
    phrases: [data center operations]
    default: aws
    why: AWS runs its data centres.
    as_of: "2026-12-05"
  - id: disk-disposal
    task: disposing of storage hardware
    phrases: [disk disposal, destroying old disks]
    default: aws
    why: AWS handles its hardware end to end, including wiping and destroying disks.
    as_of: "2026-12-05"
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    folder: Path = tmp_path_factory.mktemp("props")
    (folder / "test.yaml").write_text(PROPERTIES, encoding="utf-8")
    shipped = load_notes(KNOWLEDGE)
    props, errors = check_properties(folder, shipped.entries)
    assert errors == []
    ebs = replace(shipped.entries["ebs"], traps=(Trap(
        "An EBS volume can be attached to an instance in any Availability Zone of its Region.",
        "An EBS volume stays in the one Availability Zone it was created in; snapshots move it elsewhere."),))
    return Notes({**shipped.entries, "ebs": ebs}, props)


_TUTORS: dict[tuple[int, frozenset[str]], Tutor] = {}


def tutor_for(notes: Notes, without: frozenset[str] = frozenset()) -> Tutor:
    """One Tutor per set of rules switched off: building one indexes every note."""
    key = (id(notes), without)
    if key not in _TUTORS:
        _TUTORS[key] = Tutor(notes, without)
    return _TUTORS[key]


def pick(notes: Notes, stem: str, options: list[str], without: frozenset[str] = frozenset()) -> list[str]:
    q = exam_question(stem, dict(zip("ABCDE", options)))
    return list(tutor_for(notes, without).choose_answer(q).choice)


DATABASES = ["Amazon RDS", "Amazon DynamoDB", "Amazon Aurora", "Amazon Neptune", "Amazon Redshift"]


def test_a_property_answers_choose_two_with_its_members(notes):
    stem = "A start-up wants a non-relational store for its game data. Which two services fit? (Choose TWO.)"
    assert pick(notes, stem, DATABASES) == ["B", "D"]
    assert pick(notes, stem, DATABASES, frozenset({"property"})) != ["B", "D"]


def test_a_negated_property_question_wants_the_outsider(notes):
    stem = "Which of these is NOT a NoSQL database?"
    assert pick(notes, stem, ["Amazon DynamoDB", "Amazon Neptune", "Amazon Aurora", "Amazon Keyspaces"]) == ["C"]


def test_an_ordering_answers_a_superlative(notes):
    stem = "Records are read perhaps once in ten years. Which S3 storage class is the slowest retrieval of these?"
    options = ["S3 Standard", "S3 Glacier", "S3 Standard-IA", "Amazon EBS"]
    assert pick(notes, stem, options) == ["B"]
    assert pick(notes, stem.replace("slowest retrieval", "quickest to retrieve"), options[:3]) == ["A"]
    # Without the rule the scores follow "once in ten years" to the archive class, not the quickest one.
    assert pick(notes, stem.replace("slowest retrieval", "quickest to retrieve"), options[:3], frozenset({"ordering"})) != ["A"]


def test_a_superlative_counts_only_the_options_with_the_property_asked_for(notes):
    stem = "Which is the cheapest plan with 24/7 phone support?"
    plans = ["Basic Support", "Developer Support", "Business Support", "Enterprise Support"]
    assert pick(notes, stem, plans) == ["C"]
    assert pick(notes, "Which is the cheapest plan?", plans) == ["A"]
    # Decided by price among the plans with phone support, not left to the scores between the
    # two plans the property alone wants; the reply says both reasons.
    q = exam_question(stem, dict(zip("ABCD", plans)))
    reply = tutor_for(notes).choose_answer(q).reply
    assert "Basic costs nothing" in reply.plain() and "answer the phone at any hour" in reply.plain()
    answer = tutor_for(notes).answer("what is the cheapest plan with 24/7 phone support?")
    assert answer.intent == "ordering" and answer.reply.text.startswith("Business Support.")


def test_who_does_it_follows_the_service(notes):
    who = ["AWS", "The customer", "Both AWS and the customer", "The hardware vendor"]
    ec2 = "Who is responsible for patching the guest operating system of an Amazon EC2 instance?"
    rds = "Who patches the guest OS of an Amazon RDS database instance?"
    assert pick(notes, ec2, who) == ["B"]
    assert pick(notes, rds.replace("patches the guest OS", "is responsible for patching the guest operating system"), who) == ["A"]
    assert pick(notes, ec2, who, frozenset({"responsibility"})) != ["B"]


def test_whose_tasks_picks_the_customers_own(notes):
    stem = "Under the AWS shared responsibility model, which of these is the customer's job?"
    options = ["Disk disposal", "Setting password complexity rules", "Cooling the data centre", "Guarding the buildings"]
    assert pick(notes, stem, options) == ["B"]
    assert pick(notes, stem.replace("customer's job", "job of AWS"), options[:2]) == ["A"]


def test_a_statement_that_matches_a_trap_is_not_the_true_one(notes):
    stem = "Which statement about Amazon EBS volumes is correct?"
    options = ["An EBS volume can be attached to an instance in any Availability Zone of its Region",
               "An EBS volume stays in the Availability Zone it was created in",
               "An EBS volume is a global resource"]
    assert pick(notes, stem, options) == ["B"]
    assert pick(notes, stem.replace("is correct", "is INCORRECT"), options[:2]) == ["A"]
    no_traps = Notes({**notes.entries, "ebs": replace(notes.entries["ebs"], traps=())}, notes.properties)
    assert pick(no_traps, stem, options) != ["B"]
    assert pick(notes, stem, options, without=frozenset({"trap"})) != ["B"]
    # The reply says why the trap is false, next to the option that repeats it.
    reply = tutor_for(notes).choose_answer(exam_question(stem, dict(zip("ABC", options)))).reply
    others = next(f.value for f in reply.fields if f.name == "The others")
    assert "A. An EBS volume can be attached" in others and "stays in the one Availability Zone" in others


def test_rule_answers_are_sure(notes):
    q = exam_question("Which of these is NOT a NoSQL database?",
                      dict(zip("ABCD", ["Amazon DynamoDB", "Amazon Neptune", "Amazon Aurora", "Amazon Keyspaces"])))
    answer = tutor_for(notes).choose_answer(q)
    assert answer.label == "sure" and "keep data outside relational tables" in answer.reply.plain()


def test_chat_gets_direct_answers(notes):
    tutor = tutor_for(notes)
    who = tutor.answer("who patches the guest OS on EC2?")
    assert who.intent == "who" and who.reply.title == "You, the customer"
    assert tutor.answer("who patches the guest OS on Lambda?").reply.title == "AWS"
    yes = tutor.answer("is IAM a global service?")
    assert yes.intent == "yes_no" and yes.reply.title == "Yes: IAM"
    no = tutor.answer("is Amazon EC2 a global service?")
    assert no.reply.title.startswith("No:")
    # Everyday phrasing names the trait without the word "service".
    assert tutor.answer("is IAM global?").reply.title == "Yes: IAM"
    assert tutor.answer("is EC2 global?").reply.title.startswith("No:")
    slowest = tutor.answer("which S3 class has the slowest retrieval?")
    assert slowest.intent == "ordering" and "S3 Glacier" in slowest.reply.text
    listed = tutor.answer("which databases are nosql?")
    assert listed.intent == "property" and "DynamoDB" in listed.reply.text and "Aurora" not in listed.reply.text


def test_a_close_pasted_question_says_not_sure_and_names_the_runner_up(tutor):
    text = ("Which is a benefit of moving to the cloud?\nA. Increasing speed and agility\n"
            "B. Trading fixed expense for variable expense\nC. Owning the physical hardware\nD. Guessing capacity")
    answer = tutor.answer(text)
    assert answer.label in ("likely", "unsure")
    if answer.label == "unsure":
        assert answer.reply.title.startswith(f"Not sure: {answer.choice[0]} or ")
    else:
        assert answer.reply.title == f"Probably: {answer.choice[0]}"


def test_a_clear_pasted_question_is_answered_plainly(tutor):
    answer = tutor.answer("Which service stores application secrets?\nA. AWS Secrets Manager\nB. Amazon Polly\n"
                          "C. AWS Snowcone\nD. Amazon Translate")
    assert answer.choice == ("A",) and answer.label == "sure" and answer.reply.title == "Answer: A"


def test_the_models_own_words_say_whose_tasks_are_asked(notes):
    options = ["Patch management", "Disk disposal", "Data center operations", "Setting password complexity rules"]
    assert pick(notes, "Which is an example of a shared control?", options) == ["A"]
    assert pick(notes, "Which task is part of security in the cloud?", options) == ["D"]
    assert pick(notes, "Which task is part of security of the cloud? (Choose TWO.)", options) == ["B", "C"]


def test_an_aws_customer_is_the_customer_and_management_is_no_verb(notes):
    options = ["Disk disposal", "Setting password complexity rules", "Data center operations", "Destroying old disks"]
    answer = tutor_for(notes).choose_answer(exam_question("What is the AWS customer responsible for?",
                                                          dict(zip("ABCD", options))))
    assert answer.choice == ("B",) and answer.label == "sure"  # the responsibility rule's answer, not a guess
    # "AWS Management Console" does not ask what AWS manages: no responsibility answer for it.
    stem = "Which of these improve sign-in security for the AWS Management Console? (Choose TWO.)"
    tutor = tutor_for(notes)
    choice = tutor.choose_answer(exam_question(stem, dict(zip("ABCDE", options + ["Password policy"]))))
    assert choice.confidence < 0.95


@pytest.mark.parametrize("stem, negated", [
    ("Which of these databases is NOT a NoSQL database?", True),
    ("Which of these are NOT global services. Choose two.", True),
    ("All of the following are NoSQL databases EXCEPT:", True),
    ("The data must stay on hardware that is NOT shared with other customers. Which database fits?", False),
    ("A team is NOT allowed to manage servers. Which database should it use? (Choose TWO.)", False),
])
def test_only_a_not_in_the_asking_sentence_turns_the_question_around(stem, negated):
    assert exam_question(stem, dict(zip("ABCD", DATABASES))).negated is negated


def test_a_bare_word_names_a_note_in_the_stems_context(tutor):
    # "Enterprise" alone names nothing; among support plans it is Enterprise Support.
    stem = "Which AWS Support plans give 24/7 phone access to Cloud Support Engineers? (Choose TWO.)"
    options = dict(zip("ABCD", ["Basic", "Developer", "Business", "Enterprise"]))
    answer = tutor.choose_answer(exam_question(stem, options))
    assert answer.choice == ("C", "D") and answer.label == "sure"
    without = Tutor(tutor.notes, frozenset({"context-names"})).choose_answer(exam_question(stem, options))
    assert without.label != "sure"


def test_bare_names_in_context_are_judged_as_names(tutor):
    # "Reliability" alone names no note; among pillars it is the Reliability pillar, so the
    # question is one of names (scored by how the stem fits each pillar), not of sentences.
    text = ("Which pillar covers recovering from failures?\nA. Reliability\nB. Security\n"
            "C. Cost optimization\nD. Operational excellence")
    answer = tutor.answer(text)
    assert answer.choice == ("A",) and answer.reply.title == "Answer: A"
    why = next(f.value for f in answer.reply.fields if f.name == "Why")
    assert "recover" in why and "scale horizontally" not in why
    without = Tutor(tutor.notes, frozenset({"context-names"})).answer(text)
    assert without.reply.title != "Answer: A"
