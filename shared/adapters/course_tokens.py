"""Course tokens: what `POST /sessions/{id}/join` hands the test application so that it can
report the end of that one course. HS256-signed with a secret kept in Secrets Manager
(shared/adapters/hs256.py: no PyJWT, so no `cryptography`, on the pupils' path)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from shared.adapters import hs256
from shared.domain.joining import CourseGrant, invalid_course_token

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

ISSUER = "certif-sco"
AUDIENCE = "certif-sco:course"


class SecretsManagerSecret:
    """A secret string, read once per container."""

    def __init__(self, secret_id: str, *, client: Callable[[], SecretsManagerClient]) -> None:
        self._secret_id = secret_id
        self._client = client
        self._value: bytes | None = None
        self._lock = threading.Lock()

    def __call__(self) -> bytes:
        with self._lock:
            if self._value is None:
                answer = self._client().get_secret_value(SecretId=self._secret_id)
                self._value = answer["SecretString"].encode()
            return self._value


class CourseTokens:
    def __init__(self, secret: Callable[[], bytes]) -> None:
        self._secret = secret

    def load_key(self) -> None:
        """Read the signing key now (Lambda's init phase: functions/wiring.py `warm`)."""
        self._secret()

    def issue(self, grant: CourseGrant) -> str:
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": str(grant.certification_number),
            "sid": grant.session_id,
            "cid": grant.candidate_id,
            "exp": int(grant.expires_at.timestamp()),
        }
        return hs256.encode(claims, self._secret())

    def read(self, token: str, now: datetime) -> CourseGrant:
        """The grant a token carries, if we signed it and it has not expired at `now`."""
        try:
            # Expiry is judged against the injected clock below, not the machine's.
            claims: dict[str, Any] = hs256.decode(
                token,
                self._secret(),
                audience=AUDIENCE,
                issuer=ISSUER,
                require=("exp", "sub", "sid", "cid"),
            )
            grant = CourseGrant(
                certification_number=int(claims["sub"]),
                session_id=int(claims["sid"]),
                candidate_id=str(claims["cid"]),
                expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
            )
        except (ValueError, TypeError) as error:  # hs256.InvalidToken is a ValueError
            raise invalid_course_token() from error
        if grant.expires_at <= now:
            raise invalid_course_token()
        return grant
