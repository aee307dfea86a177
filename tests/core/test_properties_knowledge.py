"""The shipped technology and pricing properties answer the exam's question kinds.

Each question is our own wording; each is answered by knowledge in knowledge/properties/tech-*.yaml
(a property, an ordering or a responsibility), not by word overlap with a note.
"""

import pytest


def pasted(stem: str, *options: str) -> str:
    return stem + "\n" + "\n".join(f"{letter}. {text}" for letter, text in zip("ABCDE", options))


def picked(tutor, text: str) -> list[str]:
    answer = tutor.answer(text)
    assert answer.intent == "choice"
    return sorted(answer.choice)


@pytest.mark.parametrize(
    "question, expected",
    [
        # property, two answers
        (pasted("Which of the following services are regional in scope? (Choose TWO.)",
                "AWS IAM", "Amazon VPC", "Amazon CloudFront", "AWS Lambda", "Amazon Route 53"),
         ["B", "D"]),
        (pasted("Reserved Instance pricing is available for which services? (Choose TWO.)",
                "AWS Lambda", "Amazon RDS", "Amazon S3", "Amazon EC2", "Amazon SQS"),
         ["B", "D"]),
        (pasted("Which S3 storage classes charge a retrieval fee? (Choose TWO.)",
                "S3 Standard", "S3 Standard-IA", "S3 Intelligent-Tiering", "S3 Glacier Deep Archive", "Amazon EBS"),
         ["B", "D"]),
        # property, negated
        (pasted("Which of these is NOT a NoSQL database?", "Amazon DynamoDB", "Amazon Neptune", "Amazon Aurora", "Amazon DocumentDB"),
         ["C"]),
        # property phrased as the absence of a trait
        (pasted("A team wants an S3 storage class with no retrieval fees. Which one fits?",
                "S3 Standard-IA", "S3 One Zone-IA", "S3 Glacier Instant Retrieval", "S3 Intelligent-Tiering"),
         ["D"]),
        # property that changed in December 2025
        (pasted("Database Savings Plans can cover usage of which service?", "Amazon EC2", "AWS Lambda", "Amazon DynamoDB", "Amazon S3"),
         ["C"]),
        # ordering
        (pasted("Which S3 storage class takes the most time to retrieve data from?",
                "S3 Glacier Flexible Retrieval", "S3 Standard", "S3 Glacier Deep Archive", "S3 One Zone-IA"),
         ["C"]),
    ],
)
def test_a_property_or_ordering_answers_the_question(tutor, question, expected):
    assert picked(tutor, question) == expected


@pytest.mark.parametrize(
    "task, service, who",
    [
        ("the guest operating system", "Amazon RDS", "B"),
        ("the guest operating system", "Amazon EC2", "A"),
        ("the database engine", "Amazon Aurora", "B"),
    ],
)
def test_who_patches_depends_on_the_service(tutor, task, service, who):
    question = pasted(f"Who is responsible for patching {task} on {service}?", "The customer", "AWS", "Both AWS and the customer")
    assert picked(tutor, question) == [who]
