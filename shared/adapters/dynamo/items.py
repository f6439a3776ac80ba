"""Conversion between Python values and DynamoDB attribute values.

Our own, written to give exactly what boto3's `TypeSerializer` and `TypeDeserializer` gave
(tests/unit/test_dynamo_items.py compares them over a broad corpus, errors included): importing
`boto3.dynamodb.types` imports the whole boto3 package, s3transfer and multiprocessing with it,
some 20 to 40 ms of a cold start that the application's paths do not need (docs/cold-start.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from datetime import UTC, datetime
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow
from typing import Any

# DynamoDB's numbers: 38 significant digits, exponents from -130 to +125; any rounding or
# overflow is an error rather than a silently different number (boto3's context).
_NUMBERS = Context(
    Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow]
)
_BINARY_TYPES = (bytearray, bytes)


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _attribute(value) for key, value in values.items()}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain(_value(value)) for key, value in item.items()}


def _attribute(value: Any) -> dict[str, Any]:
    """Python → attribute value, the first kind that fits (in boto3's order: a bool is not a
    number, an empty set is a set of numbers)."""
    for fits, kind, write in _KINDS:
        if fits(value):
            return {kind: write(value)}
    raise TypeError(f'Unsupported type "{type(value)}" for value "{value}"')


def _is_number(value: Any) -> bool:
    if isinstance(value, float):
        raise TypeError("Float types are not supported. Use Decimal types instead.")
    return isinstance(value, int | Decimal)


def _is_binary(value: Any) -> bool:
    return isinstance(value, _BINARY_TYPES)


def _is_set_of(value: Any, kind: Callable[[Any], bool]) -> bool:
    # Element by element, stopping at the first that does not fit: a float met before then
    # raises, as with boto3 (an empty set is a set of numbers).
    return isinstance(value, Set) and all(kind(v) for v in value)


def _number(value: int | Decimal) -> str:
    number = str(_NUMBERS.create_decimal(value))
    if number in ("Infinity", "NaN"):
        raise TypeError("Infinity and NaN not supported")
    return number


def _same(value: Any) -> Any:
    return value


# Floats are refused (as boto3 does): a number is an int or a Decimal, written exactly.
_KINDS: tuple[tuple[Callable[[Any], bool], str, Callable[[Any], Any]], ...] = (
    (lambda value: value is None, "NULL", lambda _: True),
    (lambda value: isinstance(value, bool), "BOOL", _same),
    (_is_number, "N", _number),
    (lambda value: isinstance(value, str), "S", _same),
    (_is_binary, "B", _same),
    (lambda value: _is_set_of(value, _is_number), "NS", lambda values: list(map(_number, values))),
    (lambda value: _is_set_of(value, lambda v: isinstance(v, str)), "SS", list),
    (lambda value: _is_set_of(value, _is_binary), "BS", list),
    (
        lambda value: isinstance(value, Mapping),
        "M",
        lambda m: {k: _attribute(v) for k, v in m.items()},
    ),
    (
        lambda value: isinstance(value, list | tuple),
        "L",
        lambda values: list(map(_attribute, values)),
    ),
)


def _value(attribute: Mapping[str, Any]) -> Any:
    """Attribute value → Python; numbers as Decimal, binary as bytes, sets as sets."""
    if not attribute:
        raise TypeError("Value must be a nonempty dictionary whose key is a valid dynamodb type.")
    kind = next(iter(attribute.keys()))
    read = _READERS.get(f"{kind}".lower())
    if read is None:
        raise TypeError(f"Dynamodb type {kind} is not supported")
    return read(attribute[kind])


def _binary(value: Any) -> Any:
    if not isinstance(value, _BINARY_TYPES):
        types = ", ".join(str(t) for t in _BINARY_TYPES)
        raise TypeError(f"Value must be of the following types: {types}")
    return value


def _list(values: Any) -> list[Any]:
    return [_value(v) for v in values]


def _map(values: Any) -> dict[Any, Any]:
    return {k: _value(v) for k, v in values.items()}


# Matched case-insensitively, as boto3 does (it looks the type up as a method name).
_READERS: dict[str, Callable[[Any], Any]] = {
    "null": lambda _: None,
    "bool": _same,
    "n": _NUMBERS.create_decimal,
    "s": _same,
    "b": _binary,
    "ns": lambda values: set(map(_NUMBERS.create_decimal, values)),
    "ss": set,
    "bs": lambda values: set(map(_binary, values)),
    "l": _list,
    "m": _map,
}


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
