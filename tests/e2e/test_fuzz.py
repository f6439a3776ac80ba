"""Generated fuzzing in `make test`: schemathesis over docs/openapi.json against the local
stack, every operation, positive and negative data, bounded (a fixed seed, a few thousand
requests, a time budget that fits CI). `make fuzz` runs the larger campaign."""

from __future__ import annotations

import pytest

from bench import fuzz
from tests.e2e.test_local_stack import LocalStack, local_stack

__all__ = ["local_stack"]

pytestmark = pytest.mark.e2e
MAX_EXAMPLES = 12
MAX_TIME_SECONDS = 150


def test_generated_requests_find_no_server_error_and_no_contract_violation(
    local_stack: LocalStack,
) -> None:
    campaign = fuzz.run(local_stack.api_url, max_examples=MAX_EXAMPLES, max_time=MAX_TIME_SECONDS)
    print(f"\n{fuzz.render(campaign)}")
    assert campaign.operations > 30, campaign.output
    assert campaign.requests > 1000, campaign.output
    assert campaign.failures == 0, f"{fuzz.render(campaign)}\n{campaign.output}"
