"""Create, in moto, the resources that infra/template.json declares for a real stage."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import boto3

from shared.domain.people import PIX_ADMIN_GROUP
from shared.settings import Settings

TEMPLATE = Path(__file__).resolve().parent.parent / "infra" / "template.json"


def template_resource(logical_id: str) -> dict[str, Any]:
    resources: dict[str, Any] = json.loads(TEMPLATE.read_text())["Resources"]
    properties: dict[str, Any] = resources[logical_id]["Properties"]
    return properties


def provision(
    endpoint_url: str, region: str = "eu-west-3", prefix: str = "certif-sco-local"
) -> Settings:
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=region
    )

    def client(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint_url)  # type: ignore[call-overload]

    table_name = f"{prefix}-table"
    _create_table(client("dynamodb"), table_name)
    bucket_name = f"{prefix}-files"
    client("s3").create_bucket(
        Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": region}
    )
    pool_id, client_id = _create_user_pool(client("cognito-idp"), prefix)
    topic_arn = client("sns").create_topic(Name=f"{prefix}-notifications")["TopicArn"]
    secrets_manager = client("secretsmanager")
    secret_arn = secrets_manager.create_secret(
        Name=f"{prefix}-course-token", SecretString=secrets.token_urlsafe(48)
    )["ARN"]
    mail_sender, configuration_set = _create_mail_identity(client("sesv2"), prefix)
    invigilator_secret_arn = secrets_manager.create_secret(
        Name=f"{prefix}-invigilator-token", SecretString=secrets.token_urlsafe(48)
    )["ARN"]
    return Settings(
        endpoint_url=endpoint_url,
        region=region,
        table_name=table_name,
        bucket_name=bucket_name,
        user_pool_id=pool_id,
        user_pool_client_id=client_id,
        topic_arn=topic_arn,
        course_token_secret_arn=secret_arn,
        invigilator_token_secret_arn=invigilator_secret_arn,
        mail_sender=mail_sender,
        mail_configuration_set=configuration_set,
    )


# moto's SES sends only from a verified identity, like SES in its sandbox.
LOCAL_MAIL_SENDER = "ne-pas-repondre@certif-sco.local"


def _create_mail_identity(sesv2: Any, prefix: str) -> tuple[str, str]:
    configuration_set = f"{prefix}-mail"
    sesv2.create_configuration_set(ConfigurationSetName=configuration_set)
    sesv2.create_email_identity(EmailIdentity=LOCAL_MAIL_SENDER)
    return LOCAL_MAIL_SENDER, configuration_set


def _create_table(dynamodb: Any, name: str) -> None:
    spec = template_resource("Table")
    dynamodb.create_table(
        TableName=name,
        BillingMode=spec["BillingMode"],
        AttributeDefinitions=spec["AttributeDefinitions"],
        KeySchema=spec["KeySchema"],
        GlobalSecondaryIndexes=spec["GlobalSecondaryIndexes"],
    )
    ttl = spec["TimeToLiveSpecification"]
    dynamodb.update_time_to_live(
        TableName=name,
        TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": ttl["Enabled"]},
    )


def _create_user_pool(cognito: Any, prefix: str) -> tuple[str, str]:
    pool = template_resource("UserPool")
    pool_id = cognito.create_user_pool(
        PoolName=f"{prefix}-users",
        UsernameAttributes=pool["UsernameAttributes"],
        AutoVerifiedAttributes=pool["AutoVerifiedAttributes"],
        Policies={"PasswordPolicy": pool["Policies"]["PasswordPolicy"]},
    )["UserPool"]["Id"]
    app_client = template_resource("UserPoolClient")
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=f"{prefix}-web",
        ExplicitAuthFlows=app_client["ExplicitAuthFlows"],
        PreventUserExistenceErrors=app_client["PreventUserExistenceErrors"],
    )["UserPoolClient"]["ClientId"]
    cognito.create_group(UserPoolId=pool_id, GroupName=PIX_ADMIN_GROUP)
    return pool_id, client_id
