"""Processing by Pix staff (docs/processing.md): the queues read from their sparse indexes
(one Query per page, one BatchGetItem for the counts), and the writes of the processing —
each one transaction with its audit event, conditioned on the session's status and version
so that of two staff members acting at once only one wins."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, get_all, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.finalization import issue_report_item
from shared.adapters.dynamo.items import from_item, to_item
from shared.adapters.dynamo.queue_index import count_move, queue_keys
from shared.adapters.dynamo.sessions import session_item
from shared.adapters.dynamo.transactions import (
    Write,
    conditioned,
    transact,
    unconditioned,
    update_if,
)
from shared.domain.audit import AuditEvent
from shared.domain.errors import AccessCodeTaken, Conflicting, WriteConflict
from shared.domain.finalization import IssueReport
from shared.domain.processing import (
    Queue,
    QueuePosition,
    QueueSlice,
    StoredSession,
    Unfinalized,
)
from shared.domain.session import Session

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# A Query answers at most 1 MB: about 500 sessions. Deeper `page`s without a cursor follow
# LastEvaluatedKey (docs/processing.md, "Cost").
_MAX_QUERY_ITEMS = 1000


class DynamoProcessing:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    # --- reading the queues ---------------------------------------------------------------

    def list_queue(
        self, queue: Queue, skip: int, limit: int, after: QueuePosition | None
    ) -> QueueSlice:
        """`limit` sessions of `queue` after `skip` others, or after `after`: one Query when
        `skip` is 0 (a cursor, or the first page)."""
        collection = keys.queue(queue.status.value, queue.requires_action)
        index = collection.index
        assert index is not None
        condition = f"{index}pk = :pk"
        values: dict[str, Any] = {":pk": {"S": collection.pk}}
        if after is not None:
            condition += f" AND {index}sk > :after"
            values[":after"] = {"S": keys.queue_sort_key(after.finalized_at, after.session_id)}
        request: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": index,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": values,
        }
        wanted = skip + limit + 1  # one more tells whether another page follows
        items: list[dict[str, Any]] = []
        client = self._client()
        while len(items) < wanted:
            request["Limit"] = min(wanted - len(items), _MAX_QUERY_ITEMS)
            answer = client.query(**request)
            items.extend(answer.get("Items", []))
            if "LastEvaluatedKey" not in answer:
                break
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
        window = items[skip : skip + limit]
        return QueueSlice(
            sessions=[Session.model_validate(from_item(item)) for item in window],
            more=len(items) > skip + limit,
        )

    def counts(self) -> dict[str, int]:
        """Every queue's stored count (`FINALIZED#ACTION`…): one BatchGetItem."""
        shards = [keys.queue_count(n).attributes() for n in range(keys.QUEUE_COUNT_SHARDS)]
        totals: dict[str, int] = {}
        for item in get_all(self._client(), self._table, shards):
            for name, value in from_item(item).items():
                if isinstance(value, int) and "#" in name:
                    totals[name] = totals.get(name, 0) + value
        return totals

    def find_report(self, report_id: str) -> IssueReport | None:
        """A report by its id (gsi1, eventually consistent: read it again by its key)."""
        collection = keys.issue_report_by_id(report_id)
        answer = self._client().query(
            TableName=self._table,
            IndexName=keys.GSI1,
            KeyConditionExpression="gsi1pk = :pk AND gsi1sk = :sk",
            ExpressionAttributeValues={
                ":pk": {"S": collection.pk},
                ":sk": {"S": collection.prefix},
            },
        )
        found = answer.get("Items", [])
        return IssueReport.model_validate(from_item(found[0])) if found else None

    # --- writing ------------------------------------------------------------------------------

    def transition(self, before: Session, after: Session, event: AuditEvent) -> None:
        """The session as `after`, if it is still `before` (status and version)."""
        transact(
            self._client(),
            self._session_put(before, after),
            *count_move(self._table, before, after),
            event_put(self._table, event),
        )

    def resolve_report(
        self, report: IssueReport, before: Session, after: Session, event: AuditEvent
    ) -> None:
        """The report resolved and the session's requiresAction judged again, together."""
        transact(
            self._client(),
            conditioned(
                Conflicting.REPORT,
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": issue_report_item(report),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ),
            self._session_put(before, after),
            *count_move(self._table, before, after),
            event_put(self._table, event),
        )

    def unfinalize(self, before: Session, reopened: Unfinalized, event: AuditEvent) -> None:
        """Open again: the session (out of the queues, back in the 48-hour rule's index), the
        finalization turned into the draft, its access code reserved again — AccessCodeTaken
        if an open session has it now (the caller draws another)."""
        after = reopened.session
        reservation = keys.access_code(after.access_code).fields()
        reservation["session_id"] = after.id
        draft: dict[str, Any] = keys.finalization_draft(after.id).fields()
        draft.update(reopened.draft.model_dump(mode="json"))
        transact(
            self._client(),
            self._session_put(before, after),
            conditioned(
                AccessCodeTaken(after.access_code),
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": to_item(reservation),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ),
            unconditioned({"Put": {"TableName": self._table, "Item": to_item(draft)}}),
            unconditioned(
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": keys.finalization(after.id).attributes(),
                    }
                }
            ),
            *count_move(self._table, before, after),
            event_put(self._table, event),
        )

    # --- the backfill of data stored before the queues ------------------------------------

    def last_session_id(self) -> int:
        answer = self._client().get_item(
            TableName=self._table,
            Key=keys.session_counter().attributes(),
            ConsistentRead=True,
        )
        return int(answer.get("Item", {}).get("value", {}).get("N", "0"))

    def read_sessions(self, session_ids: list[int]) -> list[StoredSession]:
        """One BatchGetItem per 100 numbers."""
        wanted = [keys.session(n).attributes() for n in session_ids]
        items = get_all(self._client(), self._table, wanted, consistent=True)
        found = [
            StoredSession(session=Session.model_validate(from_item(item)), queued="gsi3pk" in item)
            for item in items
        ]
        return sorted(found, key=lambda stored: stored.session.id)

    def enqueue(self, before: Session, after: Session) -> bool:
        """The queue keys, requiresAction and the counter in one transaction, conditioned on
        the item having no queue keys yet: run twice, the second run counts nothing."""
        place = queue_keys(after)
        assert place is not None
        values: dict[str, Any] = {f":{name}": {"S": value} for name, value in place.items()}
        values[":status"] = {"S": before.status.value}
        values[":version"] = {"N": str(before.version)}
        values[":new_version"] = {"N": str(after.version)}
        values[":requires_action"] = {"BOOL": after.requires_action}
        sets = [f"{name} = :{name}" for name in place]
        sets += ["requires_action = :requires_action", "version = :new_version"]
        try:
            transact(
                self._client(),
                conditioned(
                    Conflicting.SESSION,
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": keys.session(before.id).attributes(),
                            "UpdateExpression": "SET " + ", ".join(sets),
                            "ConditionExpression": "attribute_exists(pk)"
                            " AND attribute_not_exists(gsi3pk)"
                            " AND #status = :status AND version = :version",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": values,
                        }
                    },
                ),
                *count_move(self._table, None, after),
            )
        except WriteConflict:
            return False
        return True

    def unindexed_reports(self, session_id: int) -> list[IssueReport]:
        request = collection_request(self._table, keys.issue_reports_of(session_id))
        items = query_all(self._client(), request)
        return [
            IssueReport.model_validate(from_item(item)) for item in items if "gsi1pk" not in item
        ]

    def index_report(self, report: IssueReport) -> bool:
        index = keys.issue_report_index(report.id)
        return update_if(
            self._client(),
            {
                "TableName": self._table,
                "Key": keys.issue_report(report.session_id, report.id).attributes(),
                "UpdateExpression": "SET gsi1pk = :gsi1pk, gsi1sk = :gsi1sk",
                "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(gsi1pk)",
                "ExpressionAttributeValues": {
                    ":gsi1pk": {"S": index["gsi1pk"]},
                    ":gsi1sk": {"S": index["gsi1sk"]},
                },
            },
        )

    def _session_put(self, before: Session, after: Session) -> Write:
        return conditioned(
            Conflicting.SESSION,
            {
                "Put": {
                    "TableName": self._table,
                    "Item": session_item(after),
                    "ConditionExpression": "#status = :status AND version = :version",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":status": {"S": before.status.value},
                        ":version": {"N": str(before.version)},
                    },
                }
            },
        )
