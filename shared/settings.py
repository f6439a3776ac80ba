"""The environment, read once, as a model. Only the composition roots (the functions' wiring,
the CLI, the local stack) call `get_settings`; services and adapters receive values."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    region: str
    table_name: str
    bucket_name: str
    user_pool_id: str
    user_pool_client_id: str
    topic_arn: str
    course_token_secret_arn: str
    # Set for the embedded local stack (moto); unset, boto3 talks to real AWS.
    endpoint_url: str | None = None
    # The web front end's origin (`WEB_ORIGIN`), the only one allowed to call the API from a
    # browser (CORS). functions/api.py reads the same variable when routes are declared.
    web_origin: str | None = None

    @property
    def issuer(self) -> str:
        # Cognito (and moto) always name the real regional host as issuer.
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        base = self.endpoint_url.rstrip("/") if self.endpoint_url else self.issuer.rsplit("/", 1)[0]
        return f"{base}/{self.user_pool_id}/.well-known/jwks.json"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    env = os.environ
    return Settings(
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "eu-west-3",
        table_name=env.get("TABLE_NAME", ""),
        bucket_name=env.get("BUCKET_NAME", ""),
        user_pool_id=env.get("USER_POOL_ID", ""),
        user_pool_client_id=env.get("USER_POOL_CLIENT_ID", ""),
        topic_arn=env.get("TOPIC_ARN", ""),
        course_token_secret_arn=env.get("COURSE_TOKEN_SECRET_ARN", ""),
        endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        web_origin=env.get("WEB_ORIGIN", "").strip().rstrip("/") or None,
    )
