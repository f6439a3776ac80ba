"""Issue reports, the finalization draft and the finalization itself, in the session's item
collection. Every write checks, in its transaction, that the session is still open."""

from __future__ import annotations

from typing import Any

from shared.adapters import aws
from shared.adapters.dynamo.batch import collection_request, query_all
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, iso_instant, key, to_item
from shared.adapters.dynamo.sessions import access_code_pk, session_pk
from shared.adapters.dynamo.transactions import session_is_open, transact
from shared.domain.audit import AuditEvent
from shared.domain.finalization import Finalization, FinalizationDraft, IssueReport
from shared.domain.session import Session, SessionStatus

DRAFT_SK = "FINALIZATION_DRAFT"
FINAL_SK = "FINALIZATION"


class DynamoIssueReports:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def list_for_session(self, session_id: int) -> list[IssueReport]:
        items = query_all(collection_request(self._table, session_pk(session_id), "ISSUE_REPORT#"))
        return [IssueReport.model_validate(from_item(item)) for item in items]

    def get(self, session_id: int, report_id: str) -> IssueReport | None:
        answer = aws.dynamodb().get_item(
            TableName=self._table, Key=key(session_pk(session_id), f"ISSUE_REPORT#{report_id}")
        )
        return IssueReport.model_validate(from_item(answer["Item"])) if "Item" in answer else None

    def add(self, report: IssueReport, event: AuditEvent) -> None:
        values: dict[str, Any] = {
            "pk": session_pk(report.session_id),
            "sk": f"ISSUE_REPORT#{report.id}",
            "entity": "IssueReport",
        }
        values.update(report.model_dump(mode="json"))
        transact(
            ("session", "report"),
            session_is_open(self._table, report.session_id),
            {
                "Put": {
                    "TableName": self._table,
                    "Item": to_item(values),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
            event_put(self._table, event),
        )

    def delete(self, report: IssueReport, event: AuditEvent) -> None:
        transact(
            ("session", "report"),
            session_is_open(self._table, report.session_id),
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": key(session_pk(report.session_id), f"ISSUE_REPORT#{report.id}"),
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
            event_put(self._table, event),
        )


class DynamoFinalization:
    def __init__(self, table_name: str) -> None:
        self._table = table_name

    def get_draft(self, session_id: int) -> FinalizationDraft | None:
        item = self._get(session_id, DRAFT_SK)
        return FinalizationDraft.model_validate(item) if item else None

    def get_final(self, session_id: int) -> Finalization | None:
        item = self._get(session_id, FINAL_SK)
        return Finalization.model_validate(item) if item else None

    def save_draft(self, draft: FinalizationDraft, event: AuditEvent) -> None:
        transact(
            ("session", "draft"),
            session_is_open(self._table, draft.session_id),
            {"Put": {"TableName": self._table, "Item": self._item(draft, DRAFT_SK)}},
            event_put(self._table, event),
        )

    def finalize(self, session: Session, final: Finalization, event: AuditEvent) -> None:
        """One transaction whatever the number of candidates: the session, the finalization
        record (which holds every candidate's end-screen and abort reason), the access code
        released for reuse, and the event."""
        transact(
            ("session", "finalization", "access_code", "event"),
            {
                "Update": {
                    "TableName": self._table,
                    "Key": key(session_pk(session.id), "SESSION"),
                    # Finalized: out of the 48-hour rule's index.
                    "UpdateExpression": "SET #status = :finalized, finalized_at = :at,"
                    " version = :version REMOVE gsi2pk, gsi2sk",
                    "ConditionExpression": "#status = :created AND version = :expected",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":finalized": {"S": SessionStatus.FINALIZED.value},
                        ":created": {"S": SessionStatus.CREATED.value},
                        ":at": {"S": iso_instant(session.finalized_at)},
                        ":version": {"N": str(session.version)},
                        ":expected": {"N": str(session.version - 1)},
                    },
                }
            },
            {"Put": {"TableName": self._table, "Item": self._item(final, FINAL_SK)}},
            {
                "Delete": {
                    "TableName": self._table,
                    "Key": key(access_code_pk(session.access_code), "ACCESS_CODE"),
                }
            },
            event_put(self._table, event),
        )

    def publish(self, session: Session, event: AuditEvent) -> None:
        transact(
            ("session", "event"),
            {
                "Update": {
                    "TableName": self._table,
                    "Key": key(session_pk(session.id), "SESSION"),
                    "UpdateExpression": "SET #status = :processed, published_at = :at,"
                    " version = :version",
                    "ConditionExpression": "#status = :finalized",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":processed": {"S": SessionStatus.PROCESSED.value},
                        ":finalized": {"S": SessionStatus.FINALIZED.value},
                        ":at": {"S": iso_instant(session.published_at)},
                        ":version": {"N": str(session.version)},
                    },
                }
            },
            event_put(self._table, event),
        )

    def _get(self, session_id: int, sk: str) -> dict[str, Any] | None:
        answer = aws.dynamodb().get_item(
            TableName=self._table, Key=key(session_pk(session_id), sk), ConsistentRead=True
        )
        return from_item(answer["Item"]) if "Item" in answer else None

    def _item(self, draft: FinalizationDraft, sk: str) -> dict[str, Any]:
        values: dict[str, Any] = {
            "pk": session_pk(draft.session_id),
            "sk": sk,
            "entity": type(draft).__name__,
        }
        values.update(draft.model_dump(mode="json"))
        return to_item(values)
