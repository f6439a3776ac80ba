"""Demo data of the local stack, written through the same services the operators use."""

from __future__ import annotations

from random import SystemRandom

from pydantic import BaseModel

from devstack.resources import StackConfig
from shared.adapters.cognito import CognitoIdentityProvider
from shared.adapters.dynamo.users import DynamoCenters, DynamoUsers
from shared.domain.people import Center, CenterType, Role
from shared.services import admin

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
DEMO_USERS = (
    DemoUser(
        email="admin@anne-frank.test",
        first_name="Paul",
        last_name="Eluard",
        center_id=ANNE_FRANK.id,
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


def seed(config: StackConfig) -> None:
    """Centers, then users who can log in at once with DEMO_PASSWORD."""
    centers = DynamoCenters(config.table_name)
    users = DynamoUsers(config.table_name)
    idp = CognitoIdentityProvider(config.user_pool_id, config.user_pool_client_id)
    rng = SystemRandom()
    for center in DEMO_CENTERS:
        admin.create_center(centers, center)
    for user in DEMO_USERS:
        admin.create_user(
            idp,
            users,
            centers,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            center_id=user.center_id,
            role=user.role,
            temporary_password=admin.generate_temporary_password(rng),
        )
        if user.pix_admin:
            admin.grant_pix_admin(idp, user.email)
        idp.set_permanent_password(user.email, DEMO_PASSWORD)
