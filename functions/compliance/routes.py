"""The 48-hour rule: the scheduled sweep and Pix staff's list of overdue sessions. The code is
in functions/compliance/handlers.py, imported on first use."""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent, Rate

from functions.api import route

blueprint = Blueprint(__name__)
SWEEP_PERIOD_MINUTES = 15

route(
    blueprint,
    "/admin/overdue-sessions",
    methods=["GET"],
    operation="ListOverdueSessions",
    handler="functions.compliance.handlers:list_overdue",
)


@blueprint.schedule(Rate(SWEEP_PERIOD_MINUTES, unit=Rate.MINUTES), name="sweep")
def sweep(event: CloudWatchEvent) -> dict[str, Any]:
    from functions.compliance.handlers import run_sweep

    return run_sweep(event.to_dict().get("id"))
