"""Serialize the DynamoDB requests moto's server handles.

moto's DynamoDB transactions are not isolated: a transaction that fails restores a copy of
the whole table taken when it began, erasing whatever another thread wrote meanwhile. Real
DynamoDB never does that. Handling one DynamoDB request at a time gives moto the guarantee
our code relies on (each request is atomic), while our concurrency tests still interleave
requests exactly as DynamoDB may. Other services are left concurrent: an SQS long poll must
not hold everything else up.

Once requests are serialized, a transaction needs no copy of the whole table either: moto
deep-copies every table a TransactWriteItems names *before each transaction*, failed or not,
which costs time in proportion to the table (most of the local stack's CPU after a few hundred
requests, and slower with every item written). Nothing else can write meanwhile, so a copy
of the items the transaction names is enough to roll it back: `_rollback_touched_items_only`
takes that copy, lets moto's own code run the transaction with the tables' copy turned into
a no-op, and puts the named items back if the transaction fails."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

_LOCK = threading.RLock()
_PATCHED = False

# (table, hash key, range key or None, the item before the transaction or None)
_Saved = tuple[Any, Any, Any, Any]


def serialize_moto_server() -> None:
    """Idempotent; call before starting a ThreadedMotoServer."""
    global _PATCHED  # noqa: PLW0603 - a process-wide patch, applied once
    if _PATCHED:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__

    def one_at_a_time(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        if not str(environ.get("HTTP_X_AMZ_TARGET", "")).startswith("DynamoDB_"):
            return original(self, environ, start_response)
        with _LOCK:
            return original(self, environ, start_response)

    DomainDispatcherApplication.__call__ = one_at_a_time  # type: ignore[method-assign]
    dynamodb: Any = DynamoDBBackend
    dynamodb.transact_write_items = _rollback_touched_items_only(dynamodb.transact_write_items)
    _PATCHED = True


def _rollback_touched_items_only(
    transact_write_items: Callable[[Any, list[dict[str, Any]]], None],
) -> Callable[[Any, list[dict[str, Any]]], None]:
    def transact(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        with _LOCK:
            tables = [
                backend.tables[name]
                for name in {_operation(entry)[1].get("TableName") for entry in transact_items}
                if name in backend.tables
            ]
            saved = [s for s in (_save(backend, entry) for entry in transact_items) if s]
            for table in tables:
                # copy.deepcopy() asks the instance first: moto's snapshot is the table itself,
                # and its rollback (putting that snapshot back in place) changes nothing.
                table.__deepcopy__ = lambda memo, table=table: table
            try:
                transact_write_items(backend, transact_items)
            except BaseException:
                for table, hash_value, range_value, before in reversed(saved):
                    _put_back(table, hash_value, range_value, before)
                raise
            finally:
                for table in tables:
                    del table.__deepcopy__

    return transact


def _operation(entry: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind, operation = next(iter(entry.items()))
    return str(kind), operation if isinstance(operation, dict) else {}


def _save(backend: Any, entry: dict[str, Any]) -> _Saved | None:
    """The item a transaction's entry names, as it is before the transaction."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    kind, operation = _operation(entry)
    table = backend.tables.get(operation.get("TableName"))
    key = operation.get("Item") if kind == "Put" else operation.get("Key")
    if table is None or not isinstance(key, dict) or table.hash_key_attr not in key:
        return None  # moto refuses the entry before it writes anything
    try:
        hash_value = DynamoType(key[table.hash_key_attr])
        range_value = None
        if table.range_key_attr is not None:
            if table.range_key_attr not in key:
                return None
            range_value = DynamoType(key[table.range_key_attr])
    except Exception:  # a malformed value: moto refuses it too
        return None
    # .get(): `table.items` is a defaultdict, and reading it must not add a key.
    current = table.items.get(hash_value)
    if range_value is not None:
        current = (current or {}).get(range_value)
    return table, hash_value, range_value, copy.deepcopy(current)


def _put_back(table: Any, hash_value: Any, range_value: Any, before: Any) -> None:
    if range_value is None:
        if before is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = before
    elif before is None:
        table.items.get(hash_value, {}).pop(range_value, None)
    else:
        table.items[hash_value][range_value] = before
