"""The 48-hour rule: the scheduled sweep and Pix staff's list of overdue sessions. The code is
in functions/compliance/handlers.py, imported on first use."""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent, Rate

from functions.api import Route, route

blueprint = Blueprint(__name__)
SWEEP_PERIOD_MINUTES = 15

route(
    blueprint,
    Route(
        "/admin/overdue-sessions",
        "GET",
        "ListOverdueSessions",
        "functions.compliance.handlers:list_overdue",
        "Pix staff: every overdue session, oldest deadline first",
        query=("page", "pageSize"),
        errors={403: ("PIX_ADMIN_REQUIRED",)},
    ),
)


@blueprint.schedule(Rate(SWEEP_PERIOD_MINUTES, unit=Rate.MINUTES), name="sweep")
def sweep(event: CloudWatchEvent) -> dict[str, Any]:
    from functions.compliance.handlers import run_sweep

    return run_sweep(event.to_dict().get("id"))
