"""Invigilator tokens: what `POST /invigilator/login` hands the person in the exam room. HS256
JWTs for one session, signed with a key kept in Secrets Manager and rotatable: tokens carry
the key's version (`kid`); the current version signs, the current and the previous one both
verify, so a rotation invalidates no token handed out before it. Keys are re-read every few
minutes, and at once (at most once a minute) when a token names a version not seen yet."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from shared.adapters import hs256
from shared.domain.invigilation import InvigilatorGrant, invalid_invigilator_token

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

ISSUER = "certif-sco"
AUDIENCE = "certif-sco:invigilator"
ALGORITHM = hs256.ALGORITHM
_KEYS_LIFETIME_SECONDS = 300.0
_REFETCH_INTERVAL_SECONDS = 60.0
_STAGES = ("AWSCURRENT", "AWSPREVIOUS")


@dataclass(frozen=True)
class SigningKeys:
    current: str
    by_version: dict[str, bytes]


class RotatingSecret:
    """The current and previous versions of a secret, cached for a few minutes."""

    def __init__(
        self,
        secret_id: str,
        *,
        client: Callable[[], SecretsManagerClient],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._secret_id = secret_id
        self._client = client
        self._monotonic = monotonic
        self._keys: SigningKeys | None = None
        self._read_at = 0.0
        self._lock = threading.Lock()

    def keys(self, wanted_version: str | None = None) -> SigningKeys:
        with self._lock:
            age = self._monotonic() - self._read_at
            stale = self._keys is None or age >= _KEYS_LIFETIME_SECONDS
            unknown = (
                wanted_version is not None
                and self._keys is not None
                and wanted_version not in self._keys.by_version
                and age >= _REFETCH_INTERVAL_SECONDS
            )
            if stale or unknown:
                self._keys = self._fetch()
                self._read_at = self._monotonic()
            assert self._keys is not None
            return self._keys

    def _fetch(self) -> SigningKeys:
        from botocore.exceptions import ClientError

        by_version: dict[str, bytes] = {}
        current = ""
        for stage in _STAGES:
            try:
                answer = self._client().get_secret_value(
                    SecretId=self._secret_id, VersionStage=stage
                )
            except ClientError as error:
                # A secret never rotated has no previous version.
                if stage != "AWSCURRENT" and _code(error) == "ResourceNotFoundException":
                    continue
                raise
            by_version[answer["VersionId"]] = answer["SecretString"].encode()
            if stage == "AWSCURRENT":
                current = answer["VersionId"]
        return SigningKeys(current=current, by_version=by_version)


def _code(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class InvigilatorTokens:
    def __init__(self, secret: RotatingSecret) -> None:
        self._secret = secret

    def issue(self, grant: InvigilatorGrant, now: datetime) -> str:
        keys = self._secret.keys()
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": f"session:{grant.session_id}",
            "sid": grant.session_id,
            "iat": int(now.timestamp()),
            "exp": int(grant.expires_at.timestamp()),
        }
        return hs256.encode(claims, keys.by_version[keys.current], headers={"kid": keys.current})

    def read(self, token: str, now: datetime) -> InvigilatorGrant:
        """The grant a token carries, if one of our keys signed it and it has not expired."""
        try:
            header = hs256.unverified_header(token)
            version = str(header.get("kid", ""))
            key = self._secret.keys(version).by_version.get(version)
            if key is None or header.get("alg") != ALGORITHM:
                raise invalid_invigilator_token()
            # Expiry is judged against the injected clock below, not the machine's.
            claims: dict[str, Any] = hs256.decode(
                token, key, audience=AUDIENCE, issuer=ISSUER, require=("exp", "sid", "sub")
            )
            grant = InvigilatorGrant(
                session_id=int(claims["sid"]),
                expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
            )
        except (ValueError, TypeError) as error:  # hs256.InvalidToken is a ValueError
            raise invalid_invigilator_token() from error
        if grant.expires_at <= now:
            raise invalid_invigilator_token()
        return grant


def is_invigilator_token(token: str) -> bool:
    """Cognito's ID tokens are RS256; ours are HS256. Read from the header, unverified: the
    verification that follows is the one of the kind the header claims."""
    try:
        return hs256.unverified_header(token).get("alg") == ALGORITHM
    except hs256.InvalidToken:
        return False
