"""Where the app finds its resources: the environment of the Lambda functions, read once.

Only the composition roots (the functions' wiring, the CLI, the local stack) call
`get_settings`; services and adapters receive values. The environment variables are named
here and nowhere else; the local stack writes them from `Settings.environment()`. A plain
dataclass, not a pydantic model: functions/api.py reads `WEB_ORIGIN` when the app is
imported, and pydantic stays out of the cold import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache

DEFAULT_REGION = "eu-west-3"
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")
# Read by botocore itself too: set, every client talks to the local stack (moto).
ENDPOINT_URL = "AWS_ENDPOINT_URL"
# The web front end's origin, the only one allowed to call the API from a browser (CORS).
WEB_ORIGIN = "WEB_ORIGIN"
# Settings field → environment variable.
VARIABLES = {
    "table_name": "TABLE_NAME",
    "bucket_name": "BUCKET_NAME",
    "user_pool_id": "USER_POOL_ID",
    "user_pool_client_id": "USER_POOL_CLIENT_ID",
    "topic_arn": "TOPIC_ARN",
    "course_token_secret_arn": "COURSE_TOKEN_SECRET_ARN",
    "invigilator_token_secret_arn": "INVIGILATOR_TOKEN_SECRET_ARN",
    # The address e-mails are sent from (a verified SES identity) and the SES configuration
    # set that records their delivery events.
    "mail_sender": "MAIL_SENDER",
    "mail_configuration_set": "MAIL_CONFIGURATION_SET",
    "endpoint_url": ENDPOINT_URL,
    "web_origin": WEB_ORIGIN,
}


def clean_origin(value: str | None) -> str | None:
    """Scheme, host and port, no trailing slash; None when unset."""
    return (value or "").strip().rstrip("/") or None


@dataclass(frozen=True)
class Settings:
    region: str = DEFAULT_REGION
    table_name: str = ""
    bucket_name: str = ""
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    topic_arn: str = ""
    course_token_secret_arn: str = ""
    invigilator_token_secret_arn: str = ""
    mail_sender: str = ""
    mail_configuration_set: str = ""
    # Set for the embedded local stack (moto); unset, boto3 talks to real AWS.
    endpoint_url: str | None = None
    web_origin: str | None = None

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> Settings:
        values = {name: env.get(variable, "") for name, variable in VARIABLES.items()}
        region = next((env[v] for v in REGION_VARIABLES if env.get(v)), DEFAULT_REGION)
        return cls(
            region=region,
            **{name: value for name, value in values.items() if name not in _OPTIONAL},
            endpoint_url=values["endpoint_url"] or None,
            web_origin=clean_origin(values["web_origin"]),
        )

    def environment(self) -> dict[str, str]:
        """The variables that make a process (the API, the CLI) find these resources."""
        env = {variable: self.region for variable in REGION_VARIABLES}
        for name, variable in VARIABLES.items():
            value = getattr(self, name)
            if value:
                env[variable] = value
        return env

    def with_values(self, **changes: str) -> Settings:
        return replace(self, **changes)

    @property
    def issuer(self) -> str:
        # Cognito (and moto) always name the real regional host as issuer.
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        base = self.endpoint_url.rstrip("/") if self.endpoint_url else self.issuer.rsplit("/", 1)[0]
        return f"{base}/{self.user_pool_id}/.well-known/jwks.json"


_OPTIONAL = {"endpoint_url", "web_origin"}
assert {f.name for f in fields(Settings)} == {"region", *VARIABLES}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_environment(os.environ)


def in_lambda_container(environ: Mapping[str, str] | None = None) -> bool:
    """In a Lambda container: the runtime sets the function's name; tests, the local stack and
    `chalice local` (which sets AWS_CHALICE_CLI_MODE) do not."""
    env = environ if environ is not None else os.environ
    return bool(env.get("AWS_LAMBDA_FUNCTION_NAME")) and not env.get("AWS_CHALICE_CLI_MODE")


def runs_handler(handler: str, environ: Mapping[str, str] | None = None) -> bool:
    """In the Lambda container of the function whose handler is `handler` (Lambda's runtime
    names it in `_HANDLER`): modules that several functions import warm up for their own."""
    env = environ if environ is not None else os.environ
    return in_lambda_container(env) and env.get("_HANDLER") == handler
