"""Demo data of the local stack, written through the same services the operators use."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from devstack.demo_roster import COLLEGE_DIVISIONS, LYCEE_DIVISIONS, demo_siecle_xml
from shared import bootstrap
from shared.adapters import aws
from shared.adapters.cognito import CognitoIdentityProvider
from shared.domain.candidate import candidate_id
from shared.domain.invigilation import AuthorizationInput
from shared.domain.joining import JoinInput
from shared.domain.people import Center, CenterType, Identity, Role
from shared.domain.session import Session, SessionInput
from shared.domain.student import Student
from shared.domain.team import InvitationInput, Invitee
from shared.services import admin, invigilation, invitations, joining, roster
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
    for center, _ in DEMO_ROSTERS:
        started_session(deps, admins[center.id], center.id)
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


CONFIRMED = AuthorizationInput(authorized=True)


def _session_with_pupils(
    deps: Dependencies, admin_identity: Identity, center_id: str, plan: tuple[str, str, int, int]
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
            description=f"Session de démonstration ({start}).",
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
