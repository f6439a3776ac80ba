"""Where a deployed stage's resources are: the physical ids of its CloudFormation stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from shared.domain.errors import NotFound

if TYPE_CHECKING:
    from botocore.client import BaseClient


def stack_resources(stack_name: str, *, client: Callable[[], BaseClient]) -> dict[str, str]:
    """Logical id → physical id of every resource of the stack, e.g. "Table" → the table name."""
    found: dict[str, str] = {}
    pages = client().get_paginator("list_stack_resources").paginate(StackName=stack_name)
    try:
        for page in pages:
            for summary in page.get("StackResourceSummaries", []):
                if summary.get("PhysicalResourceId"):
                    found[summary["LogicalResourceId"]] = summary["PhysicalResourceId"]
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ValidationError":
            raise NotFound(
                "STACK_NOT_FOUND", f"Pile CloudFormation introuvable : {stack_name}"
            ) from error
        raise
    return found
