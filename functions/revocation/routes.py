"""The function that marks the accounts disabled or deleted outside `certif-admin` (the AWS
console, the AWS CLI): CloudTrail records Cognito's AdminDisableUser and AdminDeleteUser, and
an EventBridge rule hands each one to this function. Declarations only; the code is in
functions/revocation/handlers.py, imported on first use.

infra/template.json narrows the rule to our user pool and to calls that succeeded (the pool's
id is not known here), and gives the function its own role (docs/security.md, "Revocation")."""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent

blueprint = Blueprint(__name__)
RECORDER_NAME = "record_account_change"
COGNITO_EVENT_PATTERN: dict[str, Any] = {
    "source": ["aws.cognito-idp"],
    "detail-type": ["AWS API Call via CloudTrail"],
    "detail": {
        "eventSource": ["cognito-idp.amazonaws.com"],
        "eventName": ["AdminDisableUser", "AdminDeleteUser"],
    },
}


@blueprint.on_cw_event(COGNITO_EVENT_PATTERN, name=RECORDER_NAME)
def record_account_change(event: CloudWatchEvent) -> dict[str, Any]:
    from functions.revocation.handlers import record_cognito_event

    return record_cognito_event(event.to_dict())
