"""Conversion between Python values and DynamoDB attribute values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _serializer.serialize(value) for key, value in values.items()}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain(_deserializer.deserialize(value)) for key, value in item.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | set):
        return [_plain(v) for v in value]
    return value


def sortable_instant(moment: datetime) -> str:
    """An instant whose text sorts as the instant: UTC, always with microseconds (ISO text
    without a fraction when it is zero would put 08:00:00Z after 08:00:00.5Z). For keys and
    attributes compared with < or >, never mixed with `iso_instant` values."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_instant(moment: datetime | None) -> str:
    """An instant as pydantic writes it in items (ISO 8601, UTC, `Z`), for update values."""
    if moment is None:
        raise ValueError("an instant is required here")
    return moment.isoformat().replace("+00:00", "Z")
