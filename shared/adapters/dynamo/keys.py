"""Every key of the single table — pk/sk formats, index keys, `entity` values — declared once
(docs/data-model.md, "Items"). Adapters, tools and tests build keys here and nowhere else, so
that a format changes in one place and the data-model document can be checked against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from shared.domain.attempts import AttemptKind
from shared.domain.text import natural_key, sort_key

if TYPE_CHECKING:
    from shared.domain.results import CertificationResult
    from shared.domain.session import Session
    from shared.domain.student import Student


class Entity(StrEnum):
    """The `entity` attribute of each kind of item (for humans and exports)."""

    CENTER = "Center"
    USER_PROFILE = "UserProfile"
    MEMBERSHIP = "Membership"
    SESSION = "Session"
    ACCESS_CODE = "AccessCode"
    COUNTER = "Counter"
    STUDENT = "Student"
    DIVISIONS = "Divisions"
    CANDIDATE = "Candidate"
    ATTEMPTS = "Attempts"
    IMPORT_LEASE = "ImportLease"
    AUDIT_EVENT = "AuditEvent"
    ISSUE_REPORT = "IssueReport"
    FINALIZATION_DRAFT = "FinalizationDraft"
    FINALIZATION = "Finalization"
    ATTACHMENT = "Attachment"
    ATTACHMENT_COUNT = "AttachmentCount"
    REVOCATIONS = "Revocations"
    INVITATION = "Invitation"
    RESULT = "Result"
    QUEUE_COUNT = "QueueCount"
    CERTIFICATE = "Certificate"


@dataclass(frozen=True)
class ItemKey:
    """The primary key of one item, and the kind of item that lives there."""

    pk: str
    sk: str
    entity: Entity

    def attributes(self) -> dict[str, Any]:
        """As DynamoDB's `Key` parameters take it."""
        return {"pk": {"S": self.pk}, "sk": {"S": self.sk}}

    def fields(self) -> dict[str, Any]:
        """The plain values every stored item of this kind starts with."""
        return {"pk": self.pk, "sk": self.sk, "entity": self.entity.value}


@dataclass(frozen=True)
class Collection:
    """The items of one partition whose sort key starts with `prefix`: one Query, on the
    table or (`index`) on a global secondary index keyed `<index>pk` / `<index>sk`."""

    pk: str
    prefix: str
    index: str | None = None


GSI1 = "gsi1"
GSI2 = "gsi2"
GSI3 = "gsi3"

# Partitions of the 48-hour rule's sparse index (gsi2), see docs/compliance.md.
DUE = "DUE"
OVERDUE = "OVERDUE"

# Powertools writes the idempotency records itself: we only choose their partition.
IDEMPOTENCY_PK = "IDEMPOTENCY"

PROFILE_SK = "PROFILE"
MEMBERSHIP_PREFIX = "MEMBERSHIP#"
_SESSION = "SESSION"
_STUDENT_PREFIX = "STUDENT#"
_SESSION_INDEX_PREFIX = "SESSION#"
_EVENT_PREFIX = "EVENT#"
_MEMBER_INDEX_PREFIX = "MEMBER#"
_INVITATION_PREFIX = "INVITATION#"


# --- partitions ------------------------------------------------------------------------------


def session_pk(session_id: int) -> str:
    return f"SESSION#{session_id}"


def center_pk(center_id: str) -> str:
    return f"CENTER#{center_id}"


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


# --- items -----------------------------------------------------------------------------------


def center(center_id: str) -> ItemKey:
    return ItemKey(center_pk(center_id), "CENTER", Entity.CENTER)


def profile(user_id: str) -> ItemKey:
    return ItemKey(user_pk(user_id), PROFILE_SK, Entity.USER_PROFILE)


def membership(user_id: str, center_id: str) -> ItemKey:
    return ItemKey(user_pk(user_id), f"{MEMBERSHIP_PREFIX}{center_id}", Entity.MEMBERSHIP)


def session(session_id: int) -> ItemKey:
    return ItemKey(session_pk(session_id), _SESSION, Entity.SESSION)


def access_code(code: str) -> ItemKey:
    return ItemKey(f"ACCESS_CODE#{code}", "ACCESS_CODE", Entity.ACCESS_CODE)


def session_counter() -> ItemKey:
    return ItemKey(f"COUNTER#{_SESSION}", "COUNTER", Entity.COUNTER)


def certification_counter() -> ItemKey:
    return ItemKey("COUNTER#CERTIFICATION", "COUNTER", Entity.COUNTER)


def student(center_id: str, student_id: str) -> ItemKey:
    return ItemKey(center_pk(center_id), f"{_STUDENT_PREFIX}{student_id}", Entity.STUDENT)


def import_lease(center_id: str) -> ItemKey:
    """Held by the center's roster import under way: one import at a time per center."""
    return ItemKey(center_pk(center_id), "IMPORT_LEASE", Entity.IMPORT_LEASE)


def divisions(center_id: str) -> ItemKey:
    return ItemKey(center_pk(center_id), "DIVISIONS", Entity.DIVISIONS)


def candidate(session_id: int, candidate_id: str) -> ItemKey:
    return ItemKey(session_pk(session_id), f"CANDIDATE#{candidate_id}", Entity.CANDIDATE)


def attempts(kind: AttemptKind, subject: str) -> ItemKey:
    """The attempt window of one kind for one subject (a session, a hashed address…)."""
    return ItemKey(f"ATTEMPTS#{kind.value}#{subject}", "ATTEMPTS", Entity.ATTEMPTS)


def _event_sk(at: str, nanoseconds: int, tail: str) -> str:
    """Time first so that a Query returns the trail in order; the machine's `nanoseconds`
    order two events of the same instant `at`, and a random `tail` keeps them apart."""
    return f"{_EVENT_PREFIX}{at}#{nanoseconds:020d}#{tail}"


def audit_event(session_id: int, at: str, nanoseconds: int, tail: str) -> ItemKey:
    """An event of a session's trail."""
    return ItemKey(session_pk(session_id), _event_sk(at, nanoseconds, tail), Entity.AUDIT_EVENT)


def center_event(center_id: str, at: str, nanoseconds: int, tail: str) -> ItemKey:
    """An event of a center's own trail (its team)."""
    return ItemKey(center_pk(center_id), _event_sk(at, nanoseconds, tail), Entity.AUDIT_EVENT)


def invitation(center_id: str, email: str) -> ItemKey:
    """The center's invitation of one address: at most one at a time, so that inviting an
    address again renews its pending invitation rather than adding a second one."""
    return ItemKey(center_pk(center_id), f"{_INVITATION_PREFIX}{email}", Entity.INVITATION)


def issue_report(session_id: int, report_id: str) -> ItemKey:
    return ItemKey(session_pk(session_id), f"ISSUE_REPORT#{report_id}", Entity.ISSUE_REPORT)


def finalization_draft(session_id: int) -> ItemKey:
    return ItemKey(session_pk(session_id), "FINALIZATION_DRAFT", Entity.FINALIZATION_DRAFT)


def finalization(session_id: int) -> ItemKey:
    return ItemKey(session_pk(session_id), "FINALIZATION", Entity.FINALIZATION)


def attachment(session_id: int, attachment_id: str) -> ItemKey:
    return ItemKey(session_pk(session_id), f"ATTACHMENT#{attachment_id}", Entity.ATTACHMENT)


def attachment_count(session_id: int) -> ItemKey:
    return ItemKey(session_pk(session_id), "ATTACHMENT_COUNT", Entity.ATTACHMENT_COUNT)


def result(session_id: int, candidate_id: str) -> ItemKey:
    """One candidate's certification result, in the session's item collection."""
    return ItemKey(session_pk(session_id), f"RESULT#{candidate_id}", Entity.RESULT)


# The processing queues' counters are spread over this many items (a session always counts in
# the same one: its number modulo QUEUE_COUNT_SHARDS), so that finalizations on a busy
# afternoon do not all update one item; `total` is one BatchGetItem of them all.
QUEUE_COUNT_SHARDS = 8


def queue_count(shard: int) -> ItemKey:
    """One share of the processing queues' counters: one number attribute per queue."""
    return ItemKey("QUEUE_COUNT", f"SHARD#{shard:02d}", Entity.QUEUE_COUNT)


def queue_count_of(session_id: int) -> ItemKey:
    return queue_count(session_id % QUEUE_COUNT_SHARDS)


def certificate(verification_code: str) -> ItemKey:
    """A verification code's reservation (unique codes) and the public check's way in: it
    names the session and the candidate whose result carries the code."""
    return ItemKey(f"CERTIFICATE#{verification_code}", "CERTIFICATE", Entity.CERTIFICATE)


def revocations() -> ItemKey:
    """The users disabled or deleted within the last hour: one item, read by every API
    container at most twice a minute (shared/domain/revocation.py)."""
    return ItemKey("REVOCATIONS", "REVOCATIONS", Entity.REVOCATIONS)


# --- collections -----------------------------------------------------------------------------


def roster(center_id: str) -> Collection:
    return Collection(center_pk(center_id), _STUDENT_PREFIX)


def candidates_of(session_id: int) -> Collection:
    return Collection(session_pk(session_id), "CANDIDATE#")


def events_of(session_id: int) -> Collection:
    return Collection(session_pk(session_id), _EVENT_PREFIX)


def events_of_center(center_id: str) -> Collection:
    return Collection(center_pk(center_id), _EVENT_PREFIX)


def invitations_of(center_id: str) -> Collection:
    return Collection(center_pk(center_id), _INVITATION_PREFIX)


def issue_reports_of(session_id: int) -> Collection:
    return Collection(session_pk(session_id), "ISSUE_REPORT#")


def results_of(session_id: int) -> Collection:
    return Collection(session_pk(session_id), "RESULT#")


def attachments_of(session_id: int) -> Collection:
    return Collection(session_pk(session_id), "ATTACHMENT#")


# --- gsi1: a center's collections, ordered ---------------------------------------------------


def sessions_of_center(center_id: str) -> Collection:
    return Collection(center_pk(center_id), _SESSION_INDEX_PREFIX, GSI1)


def roster_in_order(center_id: str, division: str | None = None) -> Collection:
    """The roster in roster order, or only one class's key range."""
    prefix = _STUDENT_PREFIX if division is None else f"{_STUDENT_PREFIX}{natural_key(division)}#"
    return Collection(center_pk(center_id), prefix, GSI1)


_RESULT_INDEX_PREFIX = "RESULT#"


def results_of_division(center_id: str, division: str) -> Collection:
    """A class's results, every session of the center, by name (the class CSV, attestations)."""
    return Collection(center_pk(center_id), f"{_RESULT_INDEX_PREFIX}{natural_key(division)}#", GSI1)


def result_index(result: CertificationResult) -> dict[str, str]:
    """A result's place among its class's (nothing for a result without its pupil's copy)."""
    pupil = result.pupil
    if result.center_id is None or pupil is None:
        return {}
    return {
        "gsi1pk": center_pk(result.center_id),
        "gsi1sk": f"{_RESULT_INDEX_PREFIX}{natural_key(pupil.division)}#"
        f"{sort_key(pupil.last_name)}#{sort_key(pupil.first_name)}#"
        f"{result.session_id:012d}#{result.candidate_id}",
    }


def members_of(center_id: str) -> Collection:
    """The center's team: memberships that carry the member's snapshot (docs/team.md)."""
    return Collection(center_pk(center_id), _MEMBER_INDEX_PREFIX, GSI1)


def member_index(user_id: str, center_id: str) -> dict[str, str]:
    return {"gsi1pk": center_pk(center_id), "gsi1sk": f"{_MEMBER_INDEX_PREFIX}{user_id}"}


def invitation_by_id(invitation_id: str) -> Collection:
    """An invitation found by the id in its link (which names neither center nor address)."""
    return Collection(f"{_INVITATION_PREFIX}{invitation_id}", _INVITATION_PREFIX, GSI1)


def invitation_index(invitation_id: str) -> dict[str, str]:
    return {"gsi1pk": f"{_INVITATION_PREFIX}{invitation_id}", "gsi1sk": _INVITATION_PREFIX}


_ISSUE_REPORT_PREFIX = "ISSUE_REPORT#"


def issue_report_by_id(report_id: str) -> Collection:
    """A report found by its id alone (PATCH /admin/issue-reports/{reportId})."""
    return Collection(f"{_ISSUE_REPORT_PREFIX}{report_id}", _ISSUE_REPORT_PREFIX, GSI1)


def issue_report_index(report_id: str) -> dict[str, str]:
    return {"gsi1pk": f"{_ISSUE_REPORT_PREFIX}{report_id}", "gsi1sk": _ISSUE_REPORT_PREFIX}


def session_index(session: Session) -> dict[str, str]:
    # Fixed-width number so that two sessions at the same minute sort by number.
    moment = f"{session.date.isoformat()}T{session.time:%H:%M}"
    return {
        "gsi1pk": center_pk(session.center_id),
        "gsi1sk": f"{_SESSION_INDEX_PREFIX}{moment}#{session.id:012d}",
    }


def student_index(student: Student) -> dict[str, str]:
    division, last, first, student_id = student.roster_order
    return {
        "gsi1pk": center_pk(student.center_id),
        "gsi1sk": f"{_STUDENT_PREFIX}{division}#{last}#{first}#{student_id}",
    }


# --- gsi2: the 48-hour rule's sparse index ---------------------------------------------------


def _instant(moment: datetime) -> str:
    # One fixed width, so that keys compare as instants.
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def deadline_index(partition: str, moment: datetime, session_id: int) -> dict[str, str]:
    """A session's place in `partition` (DUE or OVERDUE), filed under `moment`."""
    return {"gsi2pk": partition, "gsi2sk": f"{_instant(moment)}#{session_id:012d}"}


def due_by(moment: datetime) -> str:
    """The largest gsi2sk of a session whose check falls at or before `moment`."""
    return f"{_instant(moment)}#~"


# --- the processing queues (docs/processing.md) ----------------------------------------------
# A finalized session is filed twice, under its finalization instant and number: in gsi2's
# partition `QUEUE#<status>` (gsi2 is free once a session is finalized: the 48-hour rule's
# partitions DUE and OVERDUE hold open sessions only) and in gsi3's partition
# `QUEUE#<status>#ACTION|NO_ACTION`. Each view of the queues is then one Query.

_QUEUE = "QUEUE#"


def queue_name(status: str, requires_action: bool | None) -> str:
    """`FINALIZED`, `FINALIZED#ACTION`, `FINALIZED#NO_ACTION`…: a partition of the queues,
    and the name of its counter (the domain's names of the queues)."""
    from shared.domain.processing import QueueStatus, queue_counter

    return queue_counter(QueueStatus(status), requires_action)


def queue(status: str, requires_action: bool | None) -> Collection:
    index = GSI2 if requires_action is None else GSI3
    return Collection(f"{_QUEUE}{queue_name(status, requires_action)}", "", index)


def queue_sort_key(finalized_at: datetime, session_id: int) -> str:
    # To the microsecond, as stored: the order is exactly (finalized_at, id).
    return f"{finalized_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%fZ}#{session_id:012d}"


def queue_index(
    status: str, requires_action: bool, finalized_at: datetime, session_id: int
) -> dict[str, str]:
    """A finalized session's place in both views of its queue."""
    sort_key = queue_sort_key(finalized_at, session_id)
    return {
        "gsi2pk": queue(status, None).pk,
        "gsi2sk": sort_key,
        "gsi3pk": queue(status, requires_action).pk,
        "gsi3sk": sort_key,
    }
