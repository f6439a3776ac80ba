"""The 48-hour rule: the scheduled sweep and Pix staff's list of overdue sessions. The code is
in functions/compliance/handlers.py, imported on first use."""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent, Rate

from functions.api import Route, route
from shared.settings import runs_handler

blueprint = Blueprint(__name__)
SWEEP_PERIOD_MINUTES = 15
# The sweep function's handler, as `chalice package` writes it in the template and Lambda's
# runtime names it in `_HANDLER`.
SWEEP_HANDLER = f"{__name__}.sweep"

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


# The sweep function's init phase prepares its first invocation; the API's container, which
# imports this module too, does not (functions/wiring.py).
if runs_handler(SWEEP_HANDLER):
    from functions.wiring import warm_sweep

    warm_sweep()
