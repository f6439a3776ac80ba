"""Certification results, in the session's item collection (one item per candidate), indexed
by class on gsi1 for the school; and the verification codes' reservations (`CERTIFICATE#`),
which keep codes unique and lead the public check to its result."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, get_all, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.adapters.dynamo.transactions import Write, conditioned, transact, unconditioned
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting
from shared.domain.limits import RESULTS_PER_WRITE
from shared.domain.results import CertificationResult, ResultChange, SavingMark
from shared.domain.session import SessionStatus
from shared.domain.student import same_division

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


class DynamoResults:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def list_for_session(self, session_id: int) -> list[CertificationResult]:
        request = collection_request(self._table, keys.results_of(session_id))
        request["ConsistentRead"] = True
        items = query_all(self._client(), request)
        return [_result(item) for item in items]

    def get(self, session_id: int, candidate_id: str) -> CertificationResult | None:
        found = (
            self._client()
            .get_item(
                TableName=self._table,
                Key=keys.result(session_id, candidate_id).attributes(),
                ConsistentRead=True,
            )
            .get("Item")
        )
        return _result(found) if found is not None else None

    def save(
        self,
        session_id: int,
        changes: list[ResultChange],
        event: AuditEvent,
        mark: SavingMark | None = None,
    ) -> None:
        """One transaction: the session's check (its mark set or removed with it), the
        results, their codes, the event."""
        if len(changes) > RESULTS_PER_WRITE:
            raise ValueError(f"at most {RESULTS_PER_WRITE} results per write")
        writes: list[Write] = [self._accepts_results(session_id, mark)]
        for change in changes:
            writes.append(self._put(change))
            if change.new_code is not None:
                writes.append(self._reserve(change.new_code, change.result))
            if change.dropped_code is not None:
                writes.append(
                    unconditioned(
                        {
                            "Delete": {
                                "TableName": self._table,
                                "Key": keys.certificate(change.dropped_code).attributes(),
                            }
                        }
                    )
                )
        writes.append(event_put(self._table, event))
        transact(self._client(), *writes)

    def find_by_code(self, verification_code: str) -> CertificationResult | None:
        """Two GetItems: the code's reservation, then the result it names."""
        client = self._client()
        reservation = client.get_item(
            TableName=self._table, Key=keys.certificate(verification_code).attributes()
        ).get("Item")
        if reservation is None:
            return None
        names = from_item(reservation)
        found = client.get_item(
            TableName=self._table,
            Key=keys.result(int(names["session_id"]), str(names["candidate_id"])).attributes(),
        ).get("Item")
        return _result(found) if found is not None else None

    def list_published_for_division(
        self, center_id: str, division: str
    ) -> list[CertificationResult]:
        """One Query of the class on gsi1, then one BatchGetItem (per 100 sessions) of the
        distinct sessions' statuses: only the published sessions' results are kept."""
        client = self._client()
        request = collection_request(self._table, keys.results_of_division(center_id, division))
        # Classes whose names pad alike (3E1, 3E01) share the key range: keep this one's.
        results = [
            result
            for result in map(_result, query_all(client, request))
            if result.pupil is not None and same_division(result.pupil.division, division)
        ]
        session_ids = sorted({r.session_id for r in results})
        if not session_ids:
            return []
        statuses = get_all(
            client,
            self._table,
            [keys.session(session_id).attributes() for session_id in session_ids],
            only={"#id": "id", "#status": "status"},
        )
        published = {
            int(values["id"])
            for values in map(from_item, statuses)
            if values.get("status") == SessionStatus.PROCESSED.value
        }
        return [r for r in results if r.session_id in published]

    def _accepts_results(self, session_id: int, mark: SavingMark | None) -> Write:
        # Written as "neither CREATED nor PROCESSED", as shared.domain.results says it: the
        # statuses between finalization and publication all accept results.
        check: dict[str, Any] = {
            "TableName": self._table,
            "Key": keys.session(session_id).attributes(),
            "ConditionExpression": "attribute_exists(pk) AND #status <> :created"
            " AND #status <> :processed",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {
                ":created": {"S": SessionStatus.CREATED.value},
                ":processed": {"S": SessionStatus.PROCESSED.value},
            },
        }
        if mark is None:
            return conditioned(Conflicting.SESSION, {"ConditionCheck": check})
        # The mark moves the version: every other write of the session puts the whole item
        # over the one it read (status and version), so without it a publication read before
        # the mark would pass, and an assignment would erase the mark or bring it back.
        values = check["ExpressionAttributeValues"]
        values[":one"] = {"N": "1"}
        if mark.expected is None:
            check["ConditionExpression"] += " AND attribute_not_exists(results_saving_until)"
        else:
            check["ConditionExpression"] += " AND results_saving_until = :expected"
            values[":expected"] = {"S": iso_instant(mark.expected)}
        if mark.left is None:
            check["UpdateExpression"] = "REMOVE results_saving_until SET version = version + :one"
        else:
            check["UpdateExpression"] = "SET results_saving_until = :left, version = version + :one"
            values[":left"] = {"S": iso_instant(mark.left)}
        return conditioned(Conflicting.SESSION, {"Update": check})

    def _put(self, change: ResultChange) -> Write:
        result = change.result
        key = keys.result(result.session_id, result.candidate_id)
        values: dict[str, Any] = key.fields()
        values.update(result.model_dump(mode="json", exclude_none=True))
        values.update(keys.result_index(result))
        request: dict[str, Any] = {"TableName": self._table, "Item": to_item(values)}
        if change.previous is None:
            request["ConditionExpression"] = "attribute_not_exists(pk)"
        else:
            # The result read is still the one stored: two staff saving at once do not lose
            # one another's verification code.
            request["ConditionExpression"] = "saved_at = :previous"
            request["ExpressionAttributeValues"] = {":previous": {"S": _saved_at(change.previous)}}
        return conditioned(Conflicting.RESULT, {"Put": request})

    def _reserve(self, code: str, result: CertificationResult) -> Write:
        values: dict[str, Any] = keys.certificate(code).fields()
        values.update({"session_id": result.session_id, "candidate_id": result.candidate_id})
        return conditioned(
            Conflicting.CERTIFICATE,
            {
                "Put": {
                    "TableName": self._table,
                    "Item": to_item(values),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        )


def _saved_at(result: CertificationResult) -> str:
    """As the item holds it (pydantic's JSON form of the instant)."""
    return str(result.model_dump(mode="json", include={"saved_at"})["saved_at"])


def _result(item: dict[str, Any]) -> CertificationResult:
    return CertificationResult.model_validate(from_item(item))
