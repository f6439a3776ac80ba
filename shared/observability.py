"""The one Logger, Metrics and Tracer of the application.

Tracing with the X-Ray SDK is optional (POWERTOOLS_TRACE_DISABLED, set by the template's
`ApiTracing` parameter; off outside Lambda, as Powertools decides). When it is off, nothing of
the X-Ray SDK is imported: Powertools' `Tracer` imports it even when disabled, and its import
and recorder cost a container's first request about 60 ms (measured, docs/cold-start.md).
When it is on, the Tracer is built by the first request and patches botocore only (the one
library whose calls we want as subsegments; `patch_all` would also import requests, httplib's
patch and others for nothing). Lambda's own active tracing (the function's segments, its init
duration) needs no SDK and stays on either way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger, Metrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

SERVICE = "certif-sco"
NAMESPACE = "CertifSco"
TRACE_DISABLED = "POWERTOOLS_TRACE_DISABLED"
# Only the AWS calls are traced (see the module docstring).
TRACED_MODULES = ("botocore",)

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


@lru_cache(maxsize=1)
def tracing_enabled() -> bool:
    """Powertools' rule: in Lambda (not `chalice local`, not SAM local), unless disabled."""
    if os.environ.get(TRACE_DISABLED, "false").strip().lower() in {"1", "true", "yes", "on"}:
        return False
    in_lambda = bool(os.environ.get("LAMBDA_TASK_ROOT"))
    local = bool(os.environ.get("AWS_SAM_LOCAL") or os.environ.get("AWS_CHALICE_CLI_MODE"))
    return in_lambda and not local


@lru_cache(maxsize=1)
def tracer() -> Tracer:
    """The X-Ray Tracer (imports the X-Ray SDK): call it only when `tracing_enabled()`."""
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE, patch_modules=TRACED_MODULES)


@contextmanager
def subsegment(name: str) -> Iterator[None]:
    """An X-Ray subsegment around the block when tracing is on; nothing at all otherwise."""
    if not tracing_enabled():
        yield
        return
    with tracer().provider.in_subsegment(name):
        yield
