"""Our conversion to and from DynamoDB attribute values writes and reads exactly what boto3's
TypeSerializer and TypeDeserializer did before it (the application's paths no longer import
boto3, docs/cold-start.md): same attribute values, same Python values once read, same errors."""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import pytest
from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer

from shared.adapters.dynamo.items import from_item, to_item


def boto3_to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    serializer = TypeSerializer()
    return {key: serializer.serialize(value) for key, value in values.items()}


def boto3_from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """What `from_item` did with boto3: deserialize, then numbers as int or float and sets as
    lists."""
    deserializer = TypeDeserializer()

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | set):
            return [plain(v) for v in value]
        return value

    return {key: plain(deserializer.deserialize(value)) for key, value in item.items()}


def typed(value: Any) -> Any:
    """A value with the type of every part spelled out (1 == True == Decimal(1) otherwise), a
    NaN comparable, and boto3's Binary wrapper as the bytes it holds."""
    if isinstance(value, Binary):
        return typed(cast("Any", value).value)
    if isinstance(value, dict):
        return ("dict", {typed(k): typed(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(convert: Callable[[], Any]) -> Any:
    try:
        return ("value", typed(convert()))
    except Exception as error:  # the error itself is what is compared
        return ("error", type(error), str(error))


PYTHON_VALUES: list[Any] = [
    # What the adapters store: pydantic's JSON mode dumps and the keys around them.
    "",
    "SESSION#7",
    "Élodie d'Hôtel-Dieu — « 3e B »",
    "x" * 10_000,
    0,
    1,
    -1,
    7,
    1_767_225_600,
    10**37,
    12345678901234567890123456789012345678,
    True,
    False,
    None,
    [],
    {},
    ["a", 1, None, True, [], {}],
    {"a": {"b": [1, {"c": None, "d": ""}], "e": []}, "f": {}},
    ("tuple", 2),
    types.MappingProxyType({"read": "only"}),
    {1: "a key that is not text"},
    # Numbers as boto3 takes them: int and Decimal only, 38 digits at most.
    Decimal("1.5"),
    Decimal("0"),
    Decimal("-0"),
    Decimal("1E+2"),
    Decimal("0.000001"),
    Decimal("-1.250"),
    Decimal("1E-130"),
    Decimal("1E+127"),
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    10**38,
    123456789012345678901234567890123456789,
    -(10**40) - 1,
    Decimal("1.23456789012345678901234567890123456789"),
    # Refused: floats anywhere, and types DynamoDB has no attribute for.
    1.5,
    0.0,
    float("nan"),
    [1, 2.5],
    {"a": {"b": 0.1}},
    object(),
    datetime(2026, 12, 1, 8, 0),
    # Binary values and sets, which the adapters do not store today.
    b"",
    b"\x00\xff",
    bytearray(b"abc"),
    set(),
    frozenset(),
    {"b", "a", "c"},
    frozenset({"x"}),
    {1, 2, Decimal("3.5")},
    {b"a", b"b"},
    {1, "a"},
    {"a", 1.5},
    {1.5},
    [{"a", "b"}, {"k": {3, 4}}],
]


@pytest.mark.parametrize("value", PYTHON_VALUES, ids=repr)
def test_a_value_is_written_as_boto3_wrote_it(value: Any) -> None:
    assert outcome(lambda: to_item({"v": value})) == outcome(lambda: boto3_to_item({"v": value}))


def test_an_item_is_written_attribute_by_attribute() -> None:
    item = {"pk": "SESSION#7", "sk": "SESSION", "n": 3, "list": ["a"], "map": {"k": None}}
    assert to_item(item) == boto3_to_item(item)
    assert to_item({}) == {}


ATTRIBUTE_VALUES: list[Any] = [
    {"S": ""},
    {"S": "Élodie"},
    {"N": "0"},
    {"N": "-0"},
    {"N": "7"},
    {"N": "1767225600"},
    {"N": "1.50"},
    {"N": "0.1"},
    {"N": "1E+2"},
    {"N": "12345678901234567890123456789012345678"},
    {"N": "123456789012345678901234567890123456789"},
    {"N": "1E-131"},
    {"N": "1E+127"},
    {"N": "NaN"},
    {"N": "not a number"},
    {"BOOL": True},
    {"BOOL": False},
    {"NULL": True},
    {"B": b"\x00\xff"},
    {"B": b""},
    {"B": "text is not binary"},
    {"SS": ["b", "a"]},
    {"SS": []},
    {"NS": ["1", "2.5", "-3"]},
    {"BS": [b"a", b"b"]},
    # Read as sets (so without repeats), then as lists.
    {"SS": ["b", "a", "b", "c", "d", "e"]},
    {"NS": ["1", "1.0", "2"]},
    {"BS": [b"a", b"a"]},
    {"L": []},
    {"M": {}},
    {"L": [{"S": "a"}, {"N": "1"}, {"NULL": True}, {"L": [{"M": {"k": {"BOOL": False}}}]}]},
    {"M": {"a": {"M": {"b": {"L": [{"N": "1.5"}, {"SS": ["x"]}]}}}, "c": {"M": {}}}},
    # Type names are matched case-insensitively by boto3.
    {"s": "lower-case type"},
    {"n": "3"},
    # Malformed attribute values.
    {},
    {"X": "unknown type"},
    {"L": [{}]},
    {"M": {"k": {"Z": 1}}},
]


@pytest.mark.parametrize("attribute", ATTRIBUTE_VALUES, ids=repr)
def test_an_attribute_is_read_as_boto3_read_it(attribute: Any) -> None:
    item = {"v": attribute}
    assert outcome(lambda: from_item(item)) == outcome(lambda: boto3_from_item(item))


def test_what_the_adapters_write_reads_back_as_it_was() -> None:
    values = {
        "pk": "SESSION#7",
        "count": 12,
        "open": True,
        "room": None,
        "ids": ["s1", "s2"],
        "address": {"city": "Saint-Denis", "lines": ["1 rue X"], "extra": {}},
        "empty": "",
    }
    assert from_item(to_item(values)) == values
    assert from_item(to_item(values)) == boto3_from_item(boto3_to_item(values))
