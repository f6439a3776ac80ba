"""Issue reports, the finalization draft and the finalization itself, in the session's item
collection. Every write checks, in its transaction, that the session is still open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.adapters.dynamo.queue_index import count_move, queue_keys
from shared.adapters.dynamo.transactions import (
    conditioned,
    session_is_open,
    transact,
    unconditioned,
)
from shared.domain.audit import AuditEvent
from shared.domain.errors import Conflicting
from shared.domain.finalization import Finalization, FinalizationDraft, IssueReport
from shared.domain.session import Session, SessionStatus

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def issue_report_item(report: IssueReport) -> dict[str, Any]:
    """A report with its place in gsi1 (found by its id alone)."""
    values: dict[str, Any] = keys.issue_report(report.session_id, report.id).fields()
    values.update(keys.issue_report_index(report.id))
    values.update(report.model_dump(mode="json"))
    return to_item(values)


class DynamoIssueReports:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def list_for_session(self, session_id: int) -> list[IssueReport]:
        request = collection_request(self._table, keys.issue_reports_of(session_id))
        items = query_all(self._client(), request)
        return [IssueReport.model_validate(from_item(item)) for item in items]

    def get(self, session_id: int, report_id: str) -> IssueReport | None:
        answer = self._client().get_item(
            TableName=self._table, Key=keys.issue_report(session_id, report_id).attributes()
        )
        return IssueReport.model_validate(from_item(answer["Item"])) if "Item" in answer else None

    def add(self, report: IssueReport, event: AuditEvent) -> None:
        transact(
            self._client(),
            session_is_open(self._table, report.session_id),
            conditioned(
                Conflicting.REPORT,
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": issue_report_item(report),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ),
            event_put(self._table, event),
        )

    def delete(self, report: IssueReport, event: AuditEvent) -> None:
        transact(
            self._client(),
            session_is_open(self._table, report.session_id),
            conditioned(
                Conflicting.REPORT,
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": keys.issue_report(report.session_id, report.id).attributes(),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ),
            event_put(self._table, event),
        )


class DynamoFinalization:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    def get_draft(self, session_id: int) -> FinalizationDraft | None:
        item = self._get(keys.finalization_draft(session_id))
        return FinalizationDraft.model_validate(item) if item else None

    def get_final(self, session_id: int) -> Finalization | None:
        item = self._get(keys.finalization(session_id))
        return Finalization.model_validate(item) if item else None

    def save_draft(self, draft: FinalizationDraft, event: AuditEvent) -> None:
        item = self._item(keys.finalization_draft(draft.session_id), draft)
        transact(
            self._client(),
            session_is_open(self._table, draft.session_id),
            unconditioned({"Put": {"TableName": self._table, "Item": item}}),
            event_put(self._table, event),
        )

    def finalize(self, session: Session, final: Finalization, event: AuditEvent) -> None:
        """One transaction whatever the number of candidates: the session (out of the 48-hour
        rule's index, into the processing queues and their count), the finalization record
        (which holds every candidate's end-screen and abort reason), the access code released
        for reuse, and the event."""
        item = self._item(keys.finalization(session.id), final)
        queue = queue_keys(session)
        if queue is None:  # a caller's mistake, never the user's: not worth a silent write
            raise ValueError("finalize takes the session as mark_finalized made it")
        transact(
            self._client(),
            conditioned(
                Conflicting.SESSION,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": keys.session(session.id).attributes(),
                        # Finalized: gsi2 leaves the 48-hour rule's partitions for the queue's.
                        "UpdateExpression": "SET #status = :finalized, finalized_at = :at,"
                        " version = :version, requires_action = :action,"
                        " gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, gsi3pk = :gsi3pk,"
                        " gsi3sk = :gsi3sk",
                        "ConditionExpression": "#status = :created AND version = :expected",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":finalized": {"S": SessionStatus.FINALIZED.value},
                            ":created": {"S": SessionStatus.CREATED.value},
                            ":at": {"S": iso_instant(session.finalized_at)},
                            ":version": {"N": str(session.version)},
                            ":expected": {"N": str(session.version - 1)},
                            ":action": {"BOOL": session.requires_action},
                            **{f":{name}": {"S": value} for name, value in queue.items()},
                        },
                    }
                },
            ),
            *count_move(self._table, None, session),
            unconditioned({"Put": {"TableName": self._table, "Item": item}}),
            unconditioned(
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": keys.access_code(session.access_code).attributes(),
                    }
                }
            ),
            event_put(self._table, event),
        )

    def _get(self, key: keys.ItemKey) -> dict[str, Any] | None:
        answer = self._client().get_item(
            TableName=self._table, Key=key.attributes(), ConsistentRead=True
        )
        return from_item(answer["Item"]) if "Item" in answer else None

    def _item(self, key: keys.ItemKey, draft: FinalizationDraft) -> dict[str, Any]:
        values: dict[str, Any] = key.fields()
        values.update(draft.model_dump(mode="json"))
        return to_item(values)
