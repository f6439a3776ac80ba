"""The world of the use-case tests, on in-memory fakes (`tests/fake_dependencies.py`):

- `fakes`: the two schools of `given.py` with their staff and their pupils, the clock on NOW;
  what a test arranges behind the use cases' back, or looks into afterwards;
- `deps`: the same fakes as the use cases take them;
- `session`: Alice's session in Paris on 14/12/2026 at 12:00, created at NOW, nobody enrolled.
"""

from __future__ import annotations

import pytest

from shared.domain.session import Session
from shared.services import sessions
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, CENTERS, MEMBERSHIPS, NOW, PARIS, ROSTER, SESSION_FORM


@pytest.fixture
def fakes() -> Fakes:
    fakes = Fakes.new(NOW)
    for center in CENTERS:
        fakes.centers.put_center(center)
    for membership in MEMBERSHIPS:
        fakes.users.put_membership(membership)
    fakes.students.save_many(list(ROSTER))
    return fakes


@pytest.fixture
def deps(fakes: Fakes) -> Dependencies:
    return fakes.dependencies()


@pytest.fixture
def session(deps: Dependencies) -> Session:
    return sessions.create_session(deps, ALICE, PARIS.id, SESSION_FORM)
