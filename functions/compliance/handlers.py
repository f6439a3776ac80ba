"""The sweep's entry point (scheduled, local loop, operators' command) and the admin list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from chalice.app import Request

from functions import wiring
from functions.sessions.schemas import SessionOut
from shared.domain.people import Identity
from shared.observability import logger, metrics
from shared.services import compliance
from shared.web.request import page_request
from shared.web.schemas import PageBody


def run_sweep(correlation_id: str | None = None, at: datetime | None = None) -> dict[str, Any]:
    """One sweep with the clock (or `at`, for the operators' command)."""
    logger.set_correlation_id(correlation_id)
    deps = wiring.deps()
    report = compliance.sweep(deps, at or deps.clock())
    logger.info(
        "sweep done",
        extra={
            "examined": report.examined,
            "reminded": len(report.reminded),
            "flagged": len(report.flagged),
            "failed": len(report.failed),
            "emailsSent": report.emails_sent,
            "emailsFailed": report.emails_failed,
        },
    )
    metrics.add_metric(name="Sweep", unit=MetricUnit.Count, value=1)
    metrics.add_metric(
        name="SessionsFlaggedOverdue", unit=MetricUnit.Count, value=len(report.flagged)
    )
    metrics.add_metric(
        name="FinalizationReminders", unit=MetricUnit.Count, value=len(report.reminded)
    )
    metrics.add_metric(
        name="ComplianceEmailsFailed", unit=MetricUnit.Count, value=report.emails_failed
    )
    metrics.flush_metrics()
    return report.model_dump(mode="json")


def list_overdue(identity: Identity, request: Request) -> PageBody[SessionOut]:
    page = compliance.list_overdue(wiring.deps(), identity, page_request(request.query_params))
    return PageBody[SessionOut].of(page, [SessionOut.of(s) for s in page.items])
