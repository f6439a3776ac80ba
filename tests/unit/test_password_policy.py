"""The password rule and the Pix staff group, as the code and the SAM template both say."""

import json
from pathlib import Path

import pytest

from shared.domain.auth import PASSWORD_MIN_LENGTH, check_password_policy
from shared.domain.errors import RuleViolation
from shared.domain.people import PIX_ADMIN_GROUP

TEMPLATE = Path(__file__).resolve().parents[2] / "infra" / "template.json"


@pytest.mark.parametrize(
    "password", ["Certif-Demo-2026!", "Mon-Nouveau-Mdp-2026", "Élève pressé 3e1"]
)
def test_strong_passwords_pass(password: str) -> None:
    check_password_policy(password)


@pytest.mark.parametrize(
    "password",
    [
        "Court-1!",
        "tout-en-minuscules-1",
        "TOUT-EN-MAJUSCULES-1",
        "Sans-Chiffre-Ici",
        "SansSymbole2026x",
    ],
)
def test_weak_passwords_get_the_french_rule(password: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_password_policy(password)
    assert caught.value.code == "INVALID_PASSWORD"
    assert "12 caractères" in caught.value.message


def test_the_rule_matches_the_user_pools_policy() -> None:
    policy = json.loads(TEMPLATE.read_text())["Resources"]["UserPool"]["Properties"]["Policies"][
        "PasswordPolicy"
    ]
    assert policy["MinimumLength"] == PASSWORD_MIN_LENGTH
    assert all(
        policy[flag]
        for flag in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")
    )


def test_the_pix_staff_group_is_the_one_the_template_creates() -> None:
    group = json.loads(TEMPLATE.read_text())["Resources"]["PixAdminGroup"]["Properties"]
    assert group["GroupName"] == PIX_ADMIN_GROUP
