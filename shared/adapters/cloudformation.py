"""Where a deployed stage's resources are: the physical ids of its CloudFormation stack."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError

from shared.domain.errors import NotFound


def stack_resources(stack_name: str) -> dict[str, str]:
    """Logical id → physical id of every resource of the stack, e.g. "Table" → the table name."""
    client: Any = boto3.session.Session().client("cloudformation")
    found: dict[str, str] = {}
    try:
        for page in client.get_paginator("list_stack_resources").paginate(StackName=stack_name):
            for summary in page.get("StackResourceSummaries", []):
                if summary.get("PhysicalResourceId"):
                    found[summary["LogicalResourceId"]] = summary["PhysicalResourceId"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ValidationError":
            raise NotFound(
                "STACK_NOT_FOUND", f"Pile CloudFormation introuvable : {stack_name}"
            ) from error
        raise
    return found
