"""Demo data of the local stack, written through the same services the operators use."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from devstack.demo_roster import COLLEGE_DIVISIONS, LYCEE_DIVISIONS, demo_siecle_xml
from shared import bootstrap
from shared.adapters import aws
from shared.adapters.cognito import CognitoIdentityProvider
from shared.domain.candidate import CandidateStatus, candidate_id
from shared.domain.finalization import (
    CandidateFinalizationInput,
    FinalizationInput,
    IssueReportInput,
)
from shared.domain.invigilation import AuthorizationInput
from shared.domain.joining import JoinInput
from shared.domain.people import Center, CenterType, Identity, Role
from shared.domain.results import COMPETENCE_CODES
from shared.domain.results_entry import CompetenceInput, ResultInput
from shared.domain.session import Session, SessionInput
from shared.domain.student import Student
from shared.domain.team import InvitationInput, Invitee
from shared.services import (
    admin,
    finalization,
    invigilation,
    invitations,
    joining,
    processing,
    results,
    roster,
)
from shared.services import candidates as candidate_service
from shared.services import sessions as session_service
from shared.services.admin import NewUser
from shared.services.dependencies import Dependencies
from shared.services.joining import Joined
from shared.settings import Settings

DEMO_PASSWORD = "Certif-Demo-2026!"


class DemoUser(BaseModel):
    email: str
    first_name: str
    last_name: str
    center_id: str | None
    role: Role = Role.ADMIN
    pix_admin: bool = False


ANNE_FRANK = Center(
    id="c-anne-frank",
    name="Collège Anne Frank",
    type=CenterType.SCO,
    timezone="Europe/Paris",
    external_id="0999001A",
)
LECONTE_DE_LISLE = Center(
    id="c-leconte-de-lisle",
    name="Lycée Leconte de Lisle",
    type=CenterType.SCO,
    timezone="Indian/Reunion",
    external_id="9749001B",
)
DEMO_CENTERS = (ANNE_FRANK, LECONTE_DE_LISLE)
DEMO_ROSTERS = ((ANNE_FRANK, COLLEGE_DIVISIONS), (LECONTE_DE_LISLE, LYCEE_DIVISIONS))
DEMO_USERS = (
    DemoUser(
        email="admin@anne-frank.test",
        first_name="Paul",
        last_name="Eluard",
        center_id=ANNE_FRANK.id,
    ),
    # A colleague without the admin's rights: sessions yes, the team and the roster no.
    DemoUser(
        email="member@anne-frank.test",
        first_name="Marie",
        last_name="Curie",
        center_id=ANNE_FRANK.id,
        role=Role.MEMBER,
    ),
    DemoUser(
        email="admin@leconte-de-lisle.test",
        first_name="Héva",
        last_name="Payet",
        center_id=LECONTE_DE_LISLE.id,
    ),
    DemoUser(
        email="staff@pix.test",
        first_name="Camille",
        last_name="Pix",
        center_id=None,
        pix_admin=True,
    ),
)
# An invitation waiting in Collège Anne Frank, so that the team screen shows one; its link is
# in the e-mail sent to that address (never printed).
DEMO_INVITATION = Invitee(email="invitee@anne-frank.test", role=Role.MEMBER)


def demo_admin(center_id: str) -> DemoUser:
    return next(u for u in DEMO_USERS if u.center_id == center_id and u.role is Role.ADMIN)


def demo_staff() -> DemoUser:
    return next(u for u in DEMO_USERS if u.pix_admin)


def seed(config: Settings, *, with_rosters: bool = True) -> dict[str, roster.ImportReport]:
    """Centers, users who can log in at once with DEMO_PASSWORD, a pending invitation (its
    e-mail links to the settings' web front end, `web_origin`), and each school's roster
    imported from its SIECLE export through the same service as the API route."""
    deps = bootstrap.dependencies(config)
    # Not a use case: the demo's passwords are permanent, where real accounts start temporary.
    idp = CognitoIdentityProvider(
        config.user_pool_id, config.user_pool_client_id, client=aws.cognito
    )
    for center in DEMO_CENTERS:
        admin.create_center(deps, center)
    admins: dict[str, Identity] = {}
    staff: Identity | None = None
    for user in DEMO_USERS:
        profile = admin.create_user(
            deps,
            NewUser(
                email=user.email,
                first_name=user.first_name,
                last_name=user.last_name,
                center_id=user.center_id,
                role=user.role,
                temporary_password=admin.generate_temporary_password(deps.rng),
            ),
        )
        if user.pix_admin:
            admin.grant_pix_admin(deps, user.email)
        idp.set_permanent_password(user.email, DEMO_PASSWORD)
        if user.center_id is not None and user.role is Role.ADMIN:
            admins[user.center_id] = Identity(user_id=profile.id, email=profile.email)
        if user.pix_admin and staff is None:
            staff = Identity(user_id=profile.id, email=profile.email, is_pix_admin=True)
    invitations.invite(
        deps,
        admins[ANNE_FRANK.id],
        ANNE_FRANK.id,
        InvitationInput(emails=[DEMO_INVITATION.email], role=DEMO_INVITATION.role.value),
    )
    if not with_rosters:
        return {}
    reports = {
        center.id: roster.import_roster(
            deps,
            admins[center.id],
            center.id,
            demo_siecle_xml(center.external_id, seed=index + 1, divisions=divisions),
            "application/xml",
        )
        for index, (center, divisions) in enumerate(DEMO_ROSTERS)
    }
    assert staff is not None
    for center, _ in DEMO_ROSTERS:
        started_session(deps, admins[center.id], center.id)
        awaiting_processing_session(deps, admins[center.id], center.id)
        processed_session(deps, admins[center.id], staff, center.id)
    return reports


def exam_days(config: Settings) -> list[Session]:
    """The afternoon session of each demo school, for the invigilator's portal."""
    deps = bootstrap.dependencies(config)
    sessions = []
    for center, _ in DEMO_ROSTERS:
        admin_user = demo_admin(center.id)
        user_id = deps.identity_provider.find_user_id(admin_user.email)
        assert user_id is not None
        identity = Identity(user_id=user_id, email=admin_user.email)
        sessions.append(exam_day_session(deps, identity, center.id))
    return sessions


def started_session(deps: Dependencies, admin_identity: Identity, center_id: str) -> Session:
    """A session held this morning: eight pupils enrolled, six let in by the invigilator and
    joined, three of whom finished — so that "Finaliser la session" can be tried at once."""
    session, pupils = _session_with_pupils(
        deps, admin_identity, center_id, ("08:00", "Salle informatique 1", 0, 8)
    )
    for index, pupil in enumerate(pupils[:6]):
        joined = _confirm_and_join(deps, admin_identity, session, pupil)
        if index % 2 == 0:
            joining.complete_course(deps, str(joined.certification_number), joined.course_token)
    return _fresh(deps, session)


def exam_day_session(deps: Dependencies, admin_identity: Identity, center_id: str) -> Session:
    """The session of the afternoon, for the invigilator's portal: six pupils, three whose
    presence is confirmed (one of whom started), three still waiting for the invigilator."""
    session, pupils = _session_with_pupils(
        deps, admin_identity, center_id, ("14:00", "Salle informatique 2", 8, 6)
    )
    for pupil in pupils[:3]:
        invigilation.authorize_to_start(
            deps, admin_identity, session.id, _candidate_id(session, pupil), CONFIRMED
        )
    _join(deps, session, pupils[0])
    return _fresh(deps, session)


def awaiting_processing_session(
    deps: Dependencies, admin_identity: Identity, center_id: str
) -> Session:
    """A session finalized this morning, first in « Espace Pix »'s queue « À traiter »: three
    pupils joined, two finished, one stopped by a technical problem; an image that did not
    display at question 12 (E1, impactful: it requires action until Pix resolves it) and the
    examiner's comment."""
    session, pupils = _session_with_pupils(
        deps,
        admin_identity,
        center_id,
        ("09:00", "Salle informatique 3", 14, 3),
        "Démonstration : finalisée, en attente de traitement par Pix.",
    )
    for index, pupil in enumerate(pupils):
        joined = _confirm_and_join(deps, admin_identity, session, pupil)
        if index < 2:
            joining.complete_course(deps, str(joined.certification_number), joined.course_token)
    finalization.add_issue_report(
        deps,
        admin_identity,
        session.id,
        _candidate_id(session, pupils[0]),
        IssueReportInput(
            category="IN_CHALLENGE", subcategory="IMAGE_NOT_DISPLAYING", question_number=12
        ),
    )
    _finalize(
        deps, admin_identity, session, pupils, "L'image de la question 12 ne s'affichait pas."
    )
    return _fresh(deps, session)


def processed_session(
    deps: Dependencies, admin_identity: Identity, staff: Identity, center_id: str
) -> Session:
    """A session whose results Pix has published (« Résultats transmis par Pix »): three pupils
    of one class, two validated and one rejected — their class's results and attestations can
    be downloaded, and the validated pupils' codes checked on the verification page."""
    session, pupils = _session_with_pupils(
        deps,
        admin_identity,
        center_id,
        ("10:00", "Salle informatique 4", 17, 3),
        "Démonstration : résultats transmis par Pix.",
    )
    numbers = []
    for pupil in pupils:
        joined = _confirm_and_join(deps, admin_identity, session, pupil)
        joining.complete_course(deps, str(joined.certification_number), joined.course_token)
        numbers.append(joined.certification_number)
    _finalize(deps, admin_identity, session, pupils, "")
    processing.assign_session(deps, staff, session.id)
    scores = ((512, 4), (288, 2), (64, None))
    items = [
        ResultInput(
            certification_number=number,
            status="VALIDATED" if level is not None else "REJECTED",
            pix_score=score,
            competences=[
                CompetenceInput(code=code, level=max(0, level + index % 3 - 1))
                for index, code in enumerate(COMPETENCE_CODES)
            ]
            if level is not None
            else None,
        )
        for number, (score, level) in zip(numbers, scores, strict=True)
    ]
    report = results.save_results(deps, staff, session.id, results.ResultsUpload(items=items))
    assert report.errors == [], report.errors
    finalization.publish(deps, staff, session.id)
    return _fresh(deps, session)


def _finalize(
    deps: Dependencies,
    admin_identity: Identity,
    session: Session,
    pupils: list[Student],
    comment: str,
) -> None:
    """« Valider » the finalization: a pupil who did not finish stopped for a technical reason."""
    rows = []
    for pupil in pupils:
        candidate = deps.candidates.get(session.id, _candidate_id(session, pupil))
        assert candidate is not None
        finished = candidate.status is CandidateStatus.COMPLETED
        rows.append(
            CandidateFinalizationInput(
                candidate_id=candidate.id,
                has_seen_end_test_screen=finished,
                abort_reason=None if finished else "TECHNICAL",
            )
        )
    finalization.finalize(
        deps,
        admin_identity,
        session.id,
        FinalizationInput(
            examiner_global_comment=comment,
            has_incident=bool(comment),
            has_joining_issue=False,
            candidates=rows,
        ),
    )


CONFIRMED = AuthorizationInput(authorized=True)


def _session_with_pupils(
    deps: Dependencies,
    admin_identity: Identity,
    center_id: str,
    plan: tuple[str, str, int, int],
    description: str | None = None,
) -> tuple[Session, list[Student]]:
    """A session of today at `start` in `room`, with `count` pupils of the roster from `first`."""
    start, room, first, count = plan
    now = datetime.now(UTC)
    center = deps.users.get_membership(admin_identity.user_id, center_id)
    assert center is not None
    today = now.astimezone(ZoneInfo(center.center.timezone)).date()
    session = session_service.create_session(
        deps,
        admin_identity,
        center_id,
        SessionInput(
            address=center.center.name,
            room=room,
            date=today.isoformat(),
            time=start,
            examiner="Mme Dubois",
            description=description or f"Session de démonstration ({start}).",
        ),
    )
    pupils = deps.students.list_by_divisions(center_id, None)[first : first + count]
    candidate_service.enroll_students(deps, admin_identity, session.id, [p.id for p in pupils])
    return _fresh(deps, session), pupils


def _confirm_and_join(
    deps: Dependencies, admin_identity: Identity, session: Session, pupil: Student
) -> Joined:
    invigilation.authorize_to_start(
        deps, admin_identity, session.id, _candidate_id(session, pupil), CONFIRMED
    )
    return _join(deps, session, pupil)


def _join(deps: Dependencies, session: Session, pupil: Student) -> Joined:
    return joining.join_session(
        deps,
        str(session.id),
        JoinInput(
            access_code=session.access_code,
            last_name=pupil.last_name,
            first_name=pupil.first_name,
            birthdate=pupil.birthdate.isoformat(),
        ),
    )


def _candidate_id(session: Session, pupil: Student) -> str:
    return candidate_id(session.id, pupil.id)


def _fresh(deps: Dependencies, session: Session) -> Session:
    found = deps.sessions.get(session.id)
    assert found is not None
    return found
