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


def test_the_stage_throttles_the_public_routes_and_cognito_watches_sign_ins() -> None:
    resources = json.loads(TEMPLATE.read_text())["Resources"]
    settings = {
        (s["ResourcePath"], s["HttpMethod"]): s
        for s in resources["RestAPI"]["Properties"]["MethodSettings"]
    }
    for path in ("/~1auth~1login", "/~1auth~1forgot-password", "/~1invigilator~1login"):
        throttled = settings[(path, "POST")]
        assert 0 < throttled["ThrottlingRateLimit"] <= 20
        assert throttled["ThrottlingBurstLimit"] >= throttled["ThrottlingRateLimit"]
    assert ("/*", "*") in settings
    # Verification codes must not be enumerable: the public check is throttled too.
    check = settings[("/~1certificates~1{verification_code}", "GET")]
    assert 0 < check["ThrottlingRateLimit"] <= 20
    pool = resources["UserPool"]["Properties"]
    assert pool["UserPoolAddOns"]["AdvancedSecurityMode"] == {"Ref": "ThreatProtection"}
