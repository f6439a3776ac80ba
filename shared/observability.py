"""The one Logger, Metrics and Tracer of the application.

The Tracer is built on first use: the X-Ray SDK creates a botocore client when it is imported
(~120 ms here), which would more than double the cold import of the app. In Lambda it is
built by the first request; elsewhere tracing is off (Powertools disables it outside Lambda).
"""

from __future__ import annotations

from functools import lru_cache

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "certif-sco"
NAMESPACE = "CertifSco"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


@lru_cache(maxsize=1)
def tracer() -> Tracer:
    return Tracer(service=SERVICE)
