"""The invigilator's portal on in-memory fakes: login, scope of the token, presence, resume,
end, and the kit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.domain import errors
from shared.domain.attempts import AttemptKind
from shared.domain.audit import AuditAction
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.invigilation import AuthorizationInput, EndInput, InvigilatorLoginInput
from shared.domain.people import Invigilator
from shared.domain.session import Session, SessionStatus
from shared.services import candidates, invigilation, sessions
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.unit.given import ALICE, BRUNO, LUCAS, SESSION_FORM, ZOE

DURING_THE_TEST = datetime(2026, 12, 14, 11, 5, tzinfo=UTC)
PRESENT = AuthorizationInput(authorized=True)


@pytest.fixture
def room(deps: Dependencies, fakes: Fakes, session: Session) -> dict[str, Candidate]:
    """Zoé and Lucas enrolled; the session's day has come."""
    fakes.clock.now = DURING_THE_TEST
    enrolled = candidates.enroll_students(deps, ALICE, session.id, [ZOE.id, LUCAS.id])
    return {c.first_name: c for c in enrolled.candidates}


def log_in(deps: Dependencies, session: Session, password: str | None = None) -> str:
    form = InvigilatorLoginInput(
        session_id=session.id, supervisor_password=password or session.supervisor_password
    )
    return invigilation.login(deps, form).token


def started(deps: Dependencies, fakes: Fakes, session: Session, who: Candidate) -> Candidate:
    invigilation.authorize_to_start(deps, ALICE, session.id, who.id, PRESENT)
    return fakes.candidates.alter(
        session.id, who.id, status=CandidateStatus.STARTED, certification_number=7,
        joined_at=DURING_THE_TEST,
    )  # fmt: skip


def test_logging_in_gives_a_token_for_that_session_and_is_in_the_trail(
    deps: Dependencies, fakes: Fakes, session: Session, room: dict[str, Candidate]
) -> None:
    # The password as printed in the kit, typed in lower case.
    typed = session.supervisor_password.lower()
    answer = invigilation.login(
        deps, InvigilatorLoginInput(session_id=session.id, supervisor_password=typed)
    )
    grant = fakes.invigilator_tokens.read(answer.token, DURING_THE_TEST)
    assert grant.session_id == session.id
    assert grant.expires_at == DURING_THE_TEST + timedelta(hours=12)
    assert answer.expires_in == 12 * 3600
    assert fakes.sessions.events.list_for_session(session.id)[-1].action is (
        AuditAction.INVIGILATOR_LOGGED_IN
    )


def test_a_wrong_password_and_an_unknown_session_are_refused_alike(
    deps: Dependencies, session: Session, room: dict[str, Candidate]
) -> None:
    refusals = []
    for form in (
        InvigilatorLoginInput(session_id=session.id, supervisor_password="C-XXXXX"),
        InvigilatorLoginInput(session_id=9999, supervisor_password="C-XXXXX"),
        InvigilatorLoginInput(session_id=-1, supervisor_password="C-XXXXX"),
    ):
        with pytest.raises(errors.Unauthenticated) as refused:
            invigilation.login(deps, form)
        refusals.append((refused.value.code, refused.value.message))
    assert len(set(refusals)) == 1
    assert refusals[0][0] == "INVALID_SUPERVISOR_CREDENTIALS"
    # A form without its password is told so (422), not counted as a failed login.
    with pytest.raises(errors.RuleViolation):
        invigilation.login(deps, InvigilatorLoginInput(session_id=session.id))


def test_ten_wrong_passwords_lock_the_logins_of_that_session(
    deps: Dependencies, fakes: Fakes, session: Session, room: dict[str, Candidate]
) -> None:
    for _ in range(10):
        with pytest.raises(errors.Unauthenticated):
            log_in(deps, session, "C-XXXXX")
    with pytest.raises(errors.TooManyAttempts):
        log_in(deps, session)
    # A right password in an open window gives its place back.
    fakes.clock.now = DURING_THE_TEST + timedelta(minutes=15)
    log_in(deps, session)
    assert fakes.attempts.held(AttemptKind.INVIGILATOR_LOGIN, str(session.id)) == 0


def test_a_finalized_session_has_no_invigilator(
    deps: Dependencies, fakes: Fakes, session: Session, room: dict[str, Candidate]
) -> None:
    fakes.sessions.alter(session.id, status=SessionStatus.FINALIZED)
    with pytest.raises(errors.Conflict) as refused:
        log_in(deps, session)
    assert refused.value.code == "SESSION_ALREADY_FINALIZED"
    with pytest.raises(errors.Unauthenticated) as closed:
        invigilation.supervising(deps, Invigilator(session_id=session.id), session.id)
    assert closed.value.code == "INVIGILATION_CLOSED"


def test_an_invigilator_sees_their_session_only(
    deps: Dependencies, session: Session, room: dict[str, Candidate]
) -> None:
    other = sessions.create_session(deps, ALICE, session.center_id, SESSION_FORM)
    mine = Invigilator(session_id=session.id)
    assert [c.first_name for c in invigilation.supervising(deps, mine, session.id).candidates] == [
        "Zoé",
        "Lucas",
    ]
    with pytest.raises(errors.NotFound):
        invigilation.supervising(deps, mine, other.id)
    with pytest.raises(errors.NotFound):
        invigilation.supervising(deps, BRUNO, session.id)


def test_presence_can_be_withdrawn_only_until_the_pupil_joins(
    deps: Dependencies, fakes: Fakes, session: Session, room: dict[str, Candidate]
) -> None:
    invigilator = Invigilator(session_id=session.id)
    zoe = room["Zoé"]
    confirmed = invigilation.authorize_to_start(deps, invigilator, session.id, zoe.id, PRESENT)
    assert confirmed.authorized_to_start
    withdrawn = invigilation.authorize_to_start(
        deps, invigilator, session.id, zoe.id, AuthorizationInput(authorized=False)
    )
    assert not withdrawn.authorized_to_start
    started(deps, fakes, session, zoe)
    with pytest.raises(errors.Conflict) as refused:
        invigilation.authorize_to_start(
            deps, invigilator, session.id, zoe.id, AuthorizationInput(authorized=False)
        )
    assert refused.value.code == "CANDIDATE_ALREADY_JOINED"
    actions = [e.action for e in fakes.sessions.events.list_for_session(session.id)]
    assert actions.count(AuditAction.CANDIDATE_AUTHORIZED_TO_START) == 2
    assert actions.count(AuditAction.CANDIDATE_AUTHORIZATION_WITHDRAWN) == 1


def test_confirming_twice_records_once(
    deps: Dependencies, fakes: Fakes, session: Session, room: dict[str, Candidate]
) -> None:
    for _ in range(3):
        invigilation.authorize_to_start(deps, ALICE, session.id, room["Zoé"].id, PRESENT)
    actions = [e.action for e in fakes.sessions.events.list_for_session(session.id)]
    assert actions.count(AuditAction.CANDIDATE_AUTHORIZED_TO_START) == 1


def test_resume_and_end_are_for_a_started_pupil(
    deps: Dependencies, fakes: Fakes, session: Session, room: dict[str, Candidate]
) -> None:
    lucas = room["Lucas"]
    with pytest.raises(errors.Conflict) as not_started:
        invigilation.authorize_to_resume(deps, ALICE, session.id, lucas.id)
    assert not_started.value.code == "CANDIDATE_NOT_STARTED"
    with pytest.raises(errors.Conflict):
        invigilation.end_by_supervisor(deps, ALICE, session.id, lucas.id, EndInput(reason="x"))
    zoe = started(deps, fakes, session, room["Zoé"])
    assert invigilation.authorize_to_resume(deps, ALICE, session.id, zoe.id).resume_authorized
    ended = invigilation.end_by_supervisor(
        deps, ALICE, session.id, zoe.id, EndInput(reason="  Malaise ")
    )
    assert (ended.status, ended.end_reason, ended.resume_authorized) == (
        CandidateStatus.ENDED_BY_SUPERVISOR,
        "Malaise",
        False,
    )
    stored = fakes.candidates.get(session.id, zoe.id)
    assert stored is not None and stored.status is CandidateStatus.ENDED_BY_SUPERVISOR


def test_an_unknown_candidate_is_not_found(
    deps: Dependencies, session: Session, room: dict[str, Candidate]
) -> None:
    for candidate_id in ("nobody", "x" * 500):
        with pytest.raises(errors.NotFound) as missing:
            invigilation.authorize_to_start(deps, ALICE, session.id, candidate_id, PRESENT)
        assert missing.value.code == "CANDIDATE_NOT_FOUND"


def test_the_kit_names_the_portal_of_the_web_front_end(
    deps: Dependencies, session: Session, room: dict[str, Candidate]
) -> None:
    file_name, pdf = invigilation.render_kit(deps, Invigilator(session_id=session.id), session.id)
    assert file_name == f"kit-surveillant-session-{session.id}.pdf"
    assert pdf.endswith(b"https://certif.example.test/#/surveillant")
