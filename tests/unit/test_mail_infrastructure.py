"""E-mail in the SAM template (infra/template.json): the SES identity and configuration set the
code sends with, the functions' settings and permissions, and Cognito sending its code through
the same identity, in French, with the very words of the local stack's e-mail."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import pytest

from shared.settings import VARIABLES

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.json"
SENDER = {"Fn::Sub": "ne-pas-repondre@${MailDomain}"}
IDENTITY_ARN = {
    "Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${MailIdentity}"
}
CONFIGURATION_SET_ARN = {
    "Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}"
    ":configuration-set/${MailConfigurationSet}"
}
# Functions that send e-mail: the API (invitations) and the 48-hour sweep (its notices).
SENDING_FUNCTIONS = {"APIHandler": "ApiHandlerRole", "Sweep": "SweepRole"}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    return loaded


def email_template(file_name: str) -> str:
    files = resources.files("shared.domain.email_templates")
    return files.joinpath(file_name).read_text(encoding="utf-8")


def statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for policy in role["Properties"]["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def cognito_branch(value: dict[str, Any]) -> Any:
    """What the pool gets once its SES identity is verified (the `true` side of the If)."""
    condition, when_verified, _ = value["Fn::If"]
    assert condition == "CognitoMailThroughSes"
    return when_verified


def test_the_sending_domain_is_an_ses_identity_signed_with_dkim(template: dict[str, Any]) -> None:
    assert template["Parameters"]["MailDomain"]["Type"] == "String"
    identity = template["Resources"]["MailIdentity"]
    assert identity["Type"] == "AWS::SES::EmailIdentity"
    properties = identity["Properties"]
    assert properties["EmailIdentity"] == {"Ref": "MailDomain"}
    assert properties["DkimAttributes"] == {"SigningEnabled": True}
    # Every message from the domain, Cognito's included, records its delivery events.
    assert properties["ConfigurationSetAttributes"] == {
        "ConfigurationSetName": {"Ref": "MailConfigurationSet"}
    }
    # The operators publish these three CNAME records to verify the domain.
    outputs = template["Outputs"]
    assert {f"MailDkimRecord{n}" for n in (1, 2, 3)} <= set(outputs)


def test_bounces_and_complaints_are_recorded_and_suppressed(template: dict[str, Any]) -> None:
    resources_ = template["Resources"]
    assert resources_["MailConfigurationSet"]["Type"] == "AWS::SES::ConfigurationSet"
    suppression = resources_["MailConfigurationSet"]["Properties"]["SuppressionOptions"]
    assert set(suppression["SuppressedReasons"]) == {"BOUNCE", "COMPLAINT"}
    events = resources_["MailEvents"]
    assert events["Type"] == "AWS::SES::ConfigurationSetEventDestination"
    assert events["Properties"]["ConfigurationSetName"] == {"Ref": "MailConfigurationSet"}
    destination = events["Properties"]["EventDestination"]
    assert destination["Enabled"] is True
    assert {"bounce", "complaint", "reject", "delivery"} <= set(destination["MatchingEventTypes"])
    # Counted per template: the adapter tags each message with its template's name.
    [dimension] = destination["CloudWatchDestination"]["DimensionConfigurations"]
    assert (dimension["DimensionName"], dimension["DimensionValueSource"]) == (
        "template",
        "messageTag",
    )


@pytest.mark.parametrize("function", sorted(SENDING_FUNCTIONS))
def test_the_sending_functions_know_the_sender_and_the_configuration_set(
    template: dict[str, Any], function: str
) -> None:
    variables = template["Resources"][function]["Properties"]["Environment"]["Variables"]
    assert variables[VARIABLES["mail_sender"]] == SENDER
    assert variables[VARIABLES["mail_configuration_set"]] == {"Ref": "MailConfigurationSet"}


@pytest.mark.parametrize("role", sorted(SENDING_FUNCTIONS.values()))
def test_sending_is_allowed_from_the_identity_with_the_configuration_set_only(
    template: dict[str, Any], role: str
) -> None:
    granted = [
        s
        for s in statements(template["Resources"][role])
        if any(str(a).startswith("ses:") for a in s["Action"])
    ]
    assert granted == [
        {
            "Sid": "SendMail",
            "Effect": "Allow",
            "Action": ["ses:SendEmail", "ses:SendRawEmail"],
            "Resource": [IDENTITY_ARN, CONFIGURATION_SET_ARN],
        }
    ]


def test_cognito_sends_through_the_same_identity_once_it_is_verified(
    template: dict[str, Any],
) -> None:
    parameter = template["Parameters"]["MailIdentityVerified"]
    assert parameter["AllowedValues"] == ["false", "true"]
    assert template["Conditions"]["CognitoMailThroughSes"] == {
        "Fn::Equals": [{"Ref": "MailIdentityVerified"}, "true"]
    }
    pool = template["Resources"]["UserPool"]["Properties"]
    assert cognito_branch(pool["EmailConfiguration"]) == {
        "EmailSendingAccount": "DEVELOPER",
        "SourceArn": IDENTITY_ARN,
        "From": SENDER,
        "ConfigurationSet": {"Ref": "MailConfigurationSet"},
    }
    message = cognito_branch(pool["VerificationMessageTemplate"])
    assert message["DefaultEmailOption"] == "CONFIRM_WITH_CODE"
    assert "{####}" in message["EmailMessage"]


def test_cognitos_message_is_the_password_reset_email_of_the_local_stack(
    template: dict[str, Any],
) -> None:
    """One text, two senders: Cognito in AWS, the local stack's mailer under `make run`."""
    pool = template["Resources"]["UserPool"]["Properties"]
    message = cognito_branch(pool["VerificationMessageTemplate"])
    subject = email_template("password-reset.subject.txt").strip()
    body = Template(email_template("password-reset.html")).substitute(code="{####}").strip()
    assert message["EmailSubject"] == subject
    assert message["EmailMessage"] == body


def test_the_password_reset_text_says_what_its_html_says() -> None:
    def words(text: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())

    text = email_template("password-reset.txt")
    assert words(email_template("password-reset.html")) == words(text)
    assert "une heure" in text and "$code" in text
