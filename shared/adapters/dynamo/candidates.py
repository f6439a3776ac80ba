"""A session's candidates, and the writes that change a candidate and its session together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.dynamo import keys
from shared.adapters.dynamo.batch import (
    collection_request,
    increment_counter,
    query_all,
    write_all,
)
from shared.adapters.dynamo.deadline_index import index_clauses, update_expression
from shared.adapters.dynamo.events import event_put
from shared.adapters.dynamo.items import from_item, iso_instant, to_item
from shared.adapters.dynamo.transactions import (
    conditioned,
    session_is_open,
    transact,
)
from shared.domain.audit import AuditEvent
from shared.domain.candidate import Candidate, CandidateStatus
from shared.domain.errors import Conflicting, WriteConflict
from shared.domain.session import Session, SessionStatus

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

_CREATED = {":created": {"S": SessionStatus.CREATED.value}}


def _session_key(session_id: int) -> dict[str, Any]:
    return keys.session(session_id).attributes()


def _candidate_key(candidate: Candidate) -> dict[str, Any]:
    return keys.candidate(candidate.session_id, candidate.id).attributes()


class DynamoCandidates:
    def __init__(self, table_name: str, *, client: Callable[[], DynamoDBClient]) -> None:
        self._table = table_name
        self._client = client

    # --- reads -------------------------------------------------------------------------------

    def list_for_session(self, session_id: int) -> list[Candidate]:
        items = query_all(self._client(), self._query(session_id))
        return [Candidate.model_validate(from_item(item)) for item in items]

    def get(self, session_id: int, candidate_id: str) -> Candidate | None:
        answer = self._client().get_item(
            TableName=self._table,
            Key=keys.candidate(session_id, candidate_id).attributes(),
            ConsistentRead=True,
        )
        return Candidate.model_validate(from_item(answer["Item"])) if "Item" in answer else None

    def find_by_join_key(self, session_id: int, join_key: str) -> Candidate | None:
        request = self._query(session_id)
        request["FilterExpression"] = "join_key = :join_key"
        request["ExpressionAttributeValues"][":join_key"] = {"S": join_key}
        request["ConsistentRead"] = True
        found = [
            Candidate.model_validate(from_item(item)) for item in query_all(self._client(), request)
        ]
        return found[0] if found else None

    def next_certification_number(self) -> int:
        return increment_counter(self._client(), self._table, keys.certification_counter())

    # --- writes ------------------------------------------------------------------------------

    def enroll(self, session: Session, candidates: list[Candidate], event: AuditEvent) -> Session:
        """Write the candidates, then add them to the session if its version has not moved
        (the commit point: a candidate counts only once its pupil is in the session's set).
        After a lost race, the candidates just written whose pupil did not make it into the
        session are removed again; the others belong to the enrolment that won."""
        client = self._client()
        write_all(client, self._table, puts=[self._item(c) for c in candidates])
        try:
            transact(
                client,
                conditioned(
                    Conflicting.SESSION,
                    {
                        "Update": {
                            "TableName": self._table,
                            "Key": _session_key(session.id),
                            "UpdateExpression": "ADD enrolled_student_ids :ids"
                            " SET version = version + :one",
                            "ConditionExpression": "#status = :created AND version = :expected",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": {
                                ":ids": {"SS": sorted({c.student_id for c in candidates})},
                                ":one": {"N": "1"},
                                ":expected": {"N": str(session.version)},
                                **_CREATED,
                            },
                        }
                    },
                ),
                event_put(self._table, event),
            )
        except WriteConflict:
            enrolled = self._enrolled_student_ids(session.id)
            orphans = [c for c in candidates if c.student_id not in enrolled]
            write_all(client, self._table, deletes=[_candidate_key(c) for c in orphans])
            raise
        return session.model_copy(
            update={
                "enrolled_student_ids": session.enrolled_student_ids
                | {c.student_id for c in candidates},
                "version": session.version + 1,
            }
        )

    def start(self, candidate: Candidate, event: AuditEvent) -> None:
        """Record a candidate's joining (`candidate` as started) and count it in its session;
        only a candidate whose presence the invigilator confirmed may start."""
        transact(
            self._client(),
            conditioned(
                Conflicting.CANDIDATE,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": _candidate_key(candidate),
                        "UpdateExpression": "SET #status = :started,"
                        " certification_number = :number, joined_at = :joined",
                        "ConditionExpression": "#status = :enrolled AND authorized_to_start = :yes",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":started": {"S": CandidateStatus.STARTED.value},
                            ":enrolled": {"S": CandidateStatus.ENROLLED.value},
                            ":number": {"N": str(candidate.certification_number)},
                            ":joined": {"S": iso_instant(candidate.joined_at)},
                            ":yes": {"BOOL": True},
                        },
                    }
                },
            ),
            conditioned(
                Conflicting.SESSION,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": _session_key(candidate.session_id),
                        # The first entry opens the 24-hour entry window.
                        "UpdateExpression": "ADD started_count :one SET version = version + :one,"
                        " first_started_at = if_not_exists(first_started_at, :joined)",
                        "ConditionExpression": "#status = :created"
                        " AND contains(enrolled_student_ids, :student)",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":one": {"N": "1"},
                            ":student": {"S": candidate.student_id},
                            ":joined": {"S": iso_instant(candidate.joined_at)},
                            **_CREATED,
                        },
                    }
                },
            ),
            event_put(self._table, event),
        )

    def authorize_start(self, candidate: Candidate, event: AuditEvent) -> None:
        """Store the invigilator's confirmation of presence (or its withdrawal, possible only
        until the candidate joins) while the session is open."""
        granting = candidate.authorized_to_start
        self._decide(
            candidate,
            "SET authorized_to_start = :value",
            "attribute_exists(pk)" if granting else "#status = :enrolled",
            {":value": {"BOOL": granting}},
            event,
        )

    def authorize_resume(self, candidate: Candidate, event: AuditEvent) -> None:
        """One more entry for a candidate who started and has not finished."""
        self._decide(
            candidate,
            "SET resume_authorized = :yes",
            "#status = :started",
            {":yes": {"BOOL": True}},
            event,
        )

    def resume(self, candidate: Candidate, event: AuditEvent) -> None:
        """A started candidate enters again, using up the invigilator's authorization."""
        self._decide(
            candidate,
            "SET resume_authorized = :no ADD resumes :one",
            "#status = :started AND resume_authorized = :yes",
            {":no": {"BOOL": False}, ":yes": {"BOOL": True}, ":one": {"N": "1"}},
            event,
        )

    def end(self, candidate: Candidate, event: AuditEvent) -> None:
        """The invigilator ends a started test (`candidate` as ended, with its reason)."""
        self._decide(
            candidate,
            "SET #status = :ended, ended_at = :at, end_reason = :reason, resume_authorized = :no",
            "#status = :started",
            {
                ":ended": {"S": CandidateStatus.ENDED_BY_SUPERVISOR.value},
                ":at": {"S": iso_instant(candidate.ended_at)},
                ":reason": {"S": candidate.end_reason or ""},
                ":no": {"BOOL": False},
            },
            event,
        )

    def complete(self, candidate: Candidate, event: AuditEvent) -> None:
        """Record the end of a candidate's test (`candidate` as completed), while the session
        is open."""
        transact(
            self._client(),
            session_is_open(self._table, candidate.session_id),
            conditioned(
                Conflicting.CANDIDATE,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": _candidate_key(candidate),
                        "UpdateExpression": "SET #status = :completed,"
                        " completed_at = :completed_at",
                        "ConditionExpression": "#status = :started",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":completed": {"S": CandidateStatus.COMPLETED.value},
                            ":started": {"S": CandidateStatus.STARTED.value},
                            ":completed_at": {"S": iso_instant(candidate.completed_at)},
                        },
                    }
                },
            ),
            event_put(self._table, event),
        )

    def set_extra_time(
        self, session: Session, expected_version: int, candidate: Candidate, event: AuditEvent
    ) -> None:
        """Store a candidate's extra time and its session's new deadline together."""
        transact(
            self._client(),
            conditioned(
                Conflicting.CANDIDATE,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": _candidate_key(candidate),
                        "UpdateExpression": "SET extra_time_percentage = :percentage",
                        "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeValues": {
                            ":percentage": {"N": str(candidate.extra_time_percentage)}
                        },
                    }
                },
            ),
            conditioned(
                Conflicting.SESSION, self._session_timing_update(session, expected_version)
            ),
            event_put(self._table, event),
        )

    def remove(
        self, session: Session, expected_version: int, candidate: Candidate, event: AuditEvent
    ) -> None:
        """Delete a candidate who has not joined and take their pupil out of the session."""
        timing = self._session_timing_update(session, expected_version)
        timing["Update"]["UpdateExpression"] += " DELETE enrolled_student_ids :student"
        timing["Update"]["ExpressionAttributeValues"][":student"] = {"SS": [candidate.student_id]}
        transact(
            self._client(),
            conditioned(
                Conflicting.CANDIDATE,
                {
                    "Delete": {
                        "TableName": self._table,
                        "Key": _candidate_key(candidate),
                        "ConditionExpression": "#status = :enrolled",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {
                            ":enrolled": {"S": CandidateStatus.ENROLLED.value}
                        },
                    }
                },
            ),
            conditioned(Conflicting.SESSION, timing),
            event_put(self._table, event),
        )

    def remove_all(self, session_id: int) -> None:
        client = self._client()
        items = query_all(client, {**self._query(session_id), "ProjectionExpression": "pk, sk"})
        write_all(client, self._table, deletes=[{"pk": i["pk"], "sk": i["sk"]} for i in items])

    # --- helpers -----------------------------------------------------------------------------

    def _enrolled_student_ids(self, session_id: int) -> frozenset[str]:
        answer = self._client().get_item(
            TableName=self._table,
            Key=_session_key(session_id),
            ConsistentRead=True,
            ProjectionExpression="enrolled_student_ids",
        )
        found = from_item(answer.get("Item", {})).get("enrolled_student_ids") or []
        return frozenset(found)

    def _decide(
        self,
        candidate: Candidate,
        update: str,
        condition: str,
        values: dict[str, Any],
        event: AuditEvent,
    ) -> None:
        """One change to a candidate of an open session, conditioned on its state
        (WriteConflict CANDIDATE), with its event."""
        statuses = {
            ":enrolled": {"S": CandidateStatus.ENROLLED.value},
            ":started": {"S": CandidateStatus.STARTED.value},
        }
        used = {name: value for name, value in statuses.items() if name in condition}
        transact(
            self._client(),
            session_is_open(self._table, candidate.session_id),
            conditioned(
                Conflicting.CANDIDATE,
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": _candidate_key(candidate),
                        "UpdateExpression": update,
                        "ConditionExpression": condition,
                        **(
                            {"ExpressionAttributeNames": {"#status": "status"}}
                            if "#status" in update + condition
                            else {}
                        ),
                        "ExpressionAttributeValues": {**values, **used},
                    }
                },
            ),
            event_put(self._table, event),
        )

    def _query(self, session_id: int) -> dict[str, Any]:
        return collection_request(self._table, keys.candidates_of(session_id))

    def _session_timing_update(self, session: Session, expected_version: int) -> dict[str, Any]:
        """The session's new deadline (and the 48-hour rule's state it re-arms), version-checked."""
        index_sets, index_removes, index_values = index_clauses(session)
        return {
            "Update": {
                "TableName": self._table,
                "Key": _session_key(session.id),
                "UpdateExpression": update_expression(
                    [
                        "max_extra_time_percentage = :percentage",
                        "finalization_deadline = :deadline",
                        "version = :version",
                        "reminder_sent = :reminder",
                        "finalization_overdue = :overdue",
                        *index_sets,
                    ],
                    index_removes,
                ),
                "ConditionExpression": "version = :expected AND #status = :created",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": {
                    ":percentage": {"N": str(session.max_extra_time_percentage)},
                    ":deadline": {"S": iso_instant(session.finalization_deadline)},
                    ":version": {"N": str(session.version)},
                    ":expected": {"N": str(expected_version)},
                    ":reminder": {"BOOL": session.reminder_sent},
                    ":overdue": {"BOOL": session.finalization_overdue},
                    **index_values,
                    **_CREATED,
                },
            }
        }

    def _item(self, candidate: Candidate) -> dict[str, Any]:
        values: dict[str, Any] = keys.candidate(candidate.session_id, candidate.id).fields()
        values["join_key"] = candidate.join_key
        values.update(candidate.model_dump(mode="json"))
        return to_item(values)
