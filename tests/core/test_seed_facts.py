"""Every fact of the seed chapter (shared/seed: Advanced Identity) is in the notes, in our words."""

import pytest

SEED_FACTS = [
    ("sts", ["temporary", "limited-privilege"]),
    ("sts", ["expire", "choose"]),
    ("sts", ["federation"]),
    ("sts", ["another account"]),
    ("sts", ["EC2", "role"]),
    ("cognito", ["web", "mobile", "millions"]),
    ("cognito", ["rather than in IAM"]),
    ("cognito", ["Google", "Facebook"]),
    ("directory-service", ["user accounts", "computers", "printers", "file shares", "security groups"]),
    ("managed-microsoft-ad", ["MFA", "trust", "on-premises"]),
    ("managed-microsoft-ad", ["managed in the AWS-hosted directory"]),
    ("ad-connector", ["proxy", "MFA"]),
    ("ad-connector", ["users stay in the on-premises AD"]),
    ("simple-ad", ["AD-compatible"]),
    ("simple-ad", ["cannot be joined"]),
    ("iam-identity-center", ["AWS Organizations", "Salesforce", "Box", "Microsoft 365", "SAML 2.0", "EC2 Windows"]),
    ("iam-identity-center", ["built-in identity store", "Active Directory", "Okta", "OneLogin"]),
    ("iam", ["belong to your organization"]),
    ("organizations", ["many AWS accounts"]),
]


@pytest.mark.parametrize("entry_id, phrases", SEED_FACTS)
def test_seed_fact_is_on_the_card(tutor, entry_id, phrases):
    text = tutor.reply(entry_id).plain().lower()  # what a learner sees, not the whole note
    missing = [p for p in phrases if p.lower() not in text]
    assert not missing, f"{entry_id} card lacks: {missing}"
