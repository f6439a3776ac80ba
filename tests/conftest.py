"""Fixtures shared by every test layer."""

from __future__ import annotations

import os

# Credentials that can reach nothing real, set before anything creates a boto3 client.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-3")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "CertifScoTests")
