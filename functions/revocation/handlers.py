"""A Cognito account disabled or deleted in the AWS console, as CloudTrail reports it: mark
the user so that the ID tokens they hold are refused (shared/services/revocation.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from functions import wiring
from shared.domain.revocation import AccountChange, AccountEvent
from shared.observability import logger, metrics
from shared.services import revocation

_CHANGES = {"AdminDisableUser": AccountChange.DISABLED, "AdminDeleteUser": AccountChange.DELETED}
# What CloudTrail writes in place of the values Cognito keeps out of its events.
_HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


def record_cognito_event(event: dict[str, Any]) -> dict[str, Any]:
    """An EventBridge "AWS API Call via CloudTrail" event of cognito-idp. Errors are raised,
    so that Lambda's asynchronous retries try again (a mark written twice is one mark)."""
    detail = event.get("detail") or {}
    logger.set_correlation_id(event.get("id"))
    change = _CHANGES.get(str(detail.get("eventName", "")))
    parameters = detail.get("requestParameters") or {}
    ours = parameters.get("userPoolId") == wiring.root().settings.user_pool_id
    if change is None or detail.get("errorCode") or not ours:
        logger.info("cognito event ignored", extra={"eventName": detail.get("eventName")})
        return {"userId": None, "change": None, "marked": False}
    extra = detail.get("additionalEventData") or {}
    names = [
        name
        for name in (extra.get("sub"), parameters.get("username"))
        if isinstance(name, str) and name and name != _HIDDEN
    ]
    account_event = AccountEvent(change=change, names=names, at=_instant(detail.get("eventTime")))
    mark = revocation.record_account_change(wiring.deps(), account_event)
    if mark is None:
        # Nobody to mark: the event named no one we know, or came after every token it could
        # concern had expired. Worth an alarm: a disabled user's tokens live on.
        logger.warning("account change not marked", extra={"change": change.value})
        metrics.add_metric(name="AccountChangeNotMarked", unit=MetricUnit.Count, value=1)
        metrics.flush_metrics()
        return {"userId": None, "change": change.value, "marked": False}
    logger.info(
        "account change marked",
        extra={"change": change.value, "userId": mark.user_id, "revokedAt": str(mark.revoked_at)},
    )
    metrics.add_metric(name="AccountChangeMarked", unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    return {"userId": mark.user_id, "change": change.value, "marked": True}


def _instant(value: Any) -> datetime | None:
    """CloudTrail's eventTime (`2026-12-01T08:00:00Z`); None if absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
