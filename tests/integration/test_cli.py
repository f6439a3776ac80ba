"""`certif-admin` against moto: its commands, what the app then sees, its error messages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import boto3
import pytest

from devstack.stackfile import STACK_FILE_ENV, local_environment
from ops.cli import main
from shared.adapters import aws
from shared.adapters.dynamo import keys
from shared.adapters.dynamo.finalization import DynamoFinalization, DynamoIssueReports
from shared.adapters.dynamo.processing import DynamoProcessing
from shared.adapters.dynamo.sessions import DynamoSessions
from shared.adapters.dynamo.students import DynamoStudents
from shared.adapters.dynamo.users import DynamoCenters
from shared.domain.finalization import Finalization, IssueReport, mark_finalized, mark_processed
from shared.domain.issue_reports import IssueCategory
from shared.domain.processing import Queue, QueueStatus, StaffMember, assign
from shared.domain.student import Student
from shared.settings import Settings
from tests.fakes import an_event
from tests.integration.conftest import ANNE_FRANK_ADMIN, Api
from tests.integration.contract import NOW, open_session, stored

NEW_CENTER = [
    "create-center",
    "--id",
    "c-jean-moulin",
    "--name",
    "Collège Jean Moulin",
    "--timezone",
    "America/Cayenne",
    "--uai",
    "9730001X",
]
NEW_USER = ["create-user", "--email", "Jeanne.Martin@Jean-Moulin.test"]
NEW_USER += ["--first-name", "Jeanne", "--last-name", "Martin"]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def temporary_password(out: str) -> str:
    found = re.search(r"^Mot de passe temporaire : (\S+)$", out, re.MULTILINE)
    assert found, out
    return found.group(1)


def login(api: Api, email: str, password: str) -> tuple[int, dict[str, object]]:
    answer = api.request("POST", "/auth/login", {"email": email, "password": password})
    return answer.status_code, answer.json_body


def test_new_user_of_a_new_center_must_choose_a_password(
    stack: Settings, api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(capsys, *NEW_CENTER)
    assert status == 0
    assert "c-jean-moulin" in out
    assert "heure de la Guyane (UTC-3), America/Cayenne" in out

    status, out, err = run_cli(capsys, *NEW_USER, "--center", "c-jean-moulin")
    assert status == 0, err
    assert "jeanne.martin@jean-moulin.test" in out
    password = temporary_password(out)

    status, body = login(api, "jeanne.martin@jean-moulin.test", password)
    assert status == 409, body
    assert body["code"] == "NEW_PASSWORD_REQUIRED"
    assert body["session"]

    answer = api.request(
        "POST",
        "/auth/new-password",
        {
            "email": "jeanne.martin@jean-moulin.test",
            "session": body["session"],
            "newPassword": "Un-Nouveau-Mot2Passe!",
        },
    )
    assert answer.status_code == 200, answer.body
    me = api.request("GET", "/me", token=answer.json_body["idToken"]).json_body
    assert me["memberships"] == [
        {
            "centerId": "c-jean-moulin",
            "centerName": "Collège Jean Moulin",
            "centerType": "SCO",
            "role": "ADMIN",
        }
    ]
    assert me["isPixAdmin"] is False


def test_given_temporary_password_and_member_role(
    stack: Settings, api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, *NEW_CENTER)[0] == 0
    status, out, err = run_cli(
        capsys,
        *NEW_USER,
        "--center",
        "c-jean-moulin",
        "--role",
        "MEMBER",
        "--temporary-password",
        "Provisoire-2026!",
    )
    assert status == 0, err
    assert temporary_password(out) == "Provisoire-2026!"
    assert "MEMBER" in out
    status, body = login(api, "jeanne.martin@jean-moulin.test", "Provisoire-2026!")
    assert (status, body["code"]) == (409, "NEW_PASSWORD_REQUIRED")


def test_existing_login_only_gets_the_new_membership(
    demo: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, *NEW_CENTER)[0] == 0
    status, out, _ = run_cli(
        capsys,
        "create-user",
        "--email",
        ANNE_FRANK_ADMIN,
        "--first-name",
        "Paul",
        "--last-name",
        "Eluard",
        "--center",
        "c-jean-moulin",
    )
    assert status == 0
    assert "existant" in out
    assert "Mot de passe temporaire" not in out


def test_grant_pix_admin(demo: Settings, api: Api, capsys: pytest.CaptureFixture[str]) -> None:
    assert api.as_user(ANNE_FRANK_ADMIN, "GET", "/me").json_body["isPixAdmin"] is False

    status, out, _ = run_cli(capsys, "grant-pix-admin", "--email", "Admin@Anne-Frank.test")
    assert status == 0
    assert ANNE_FRANK_ADMIN in out

    # The group is a claim of the ID token: a new login sees it.
    status, body = login(api, ANNE_FRANK_ADMIN, "Certif-Demo-2026!")
    assert status == 200
    me = api.request("GET", "/me", token=str(body["idToken"])).json_body
    assert me["isPixAdmin"] is True


def test_unknown_center(stack: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, *NEW_USER, "--center", "c-nowhere")
    assert status == 1
    assert err.strip() == "CENTER_NOT_FOUND: Centre inconnu : c-nowhere"
    assert out == ""


def test_unknown_user_cannot_become_pix_admin(
    stack: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run_cli(capsys, "grant-pix-admin", "--email", "personne@nulle-part.test")
    assert status == 1
    assert err.strip() == "USER_NOT_FOUND: Utilisateur inconnu : personne@nulle-part.test"


def test_unknown_timezone(stack: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*NEW_CENTER]
    argv[argv.index("America/Cayenne")] = "Europe/Atlantis"
    status, _, err = run_cli(capsys, *argv)
    assert status == 1
    assert err.startswith("INVALID_TIMEZONE: Fuseau horaire inconnu : Europe/Atlantis")


def test_role_needs_a_center(stack: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(capsys, *NEW_USER, "--role", "MEMBER")
    assert status == 1
    assert err.startswith("INVALID_OPTIONS:")


def test_missing_configuration(
    stack: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("TABLE_NAME", "USER_POOL_ID", "USER_POOL_CLIENT_ID"):
        monkeypatch.delenv(name)
    status, _, err = run_cli(capsys, *NEW_CENTER)
    assert status == 1
    assert err.startswith("MISSING_CONFIGURATION: Configuration incomplète")
    assert "--local" in err


def test_explicit_flags_win_over_the_environment(
    stack: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TABLE_NAME", "no-such-table")
    status, _, err = run_cli(capsys, "--table", stack.table_name, *NEW_CENTER)
    assert status == 0, err
    assert (
        DynamoCenters(stack.table_name, client=aws.dynamodb).get_center("c-jean-moulin") is not None
    )


# --- --local -----------------------------------------------------------------------------------


def test_local_without_a_running_stack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "stack.json"
    monkeypatch.setenv(STACK_FILE_ENV, str(missing))
    status, out, err = run_cli(capsys, "--local", *NEW_CENTER)
    assert status == 1
    assert out == ""
    assert err.startswith("LOCAL_STACK_NOT_RUNNING: La pile locale n'est pas lancée")
    assert str(missing) in err
    assert "make run" in err


def test_local_with_a_stale_stack_file(
    stack: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    path = tmp_path / "stack.json"
    path.write_text(json.dumps({"pid": int(gone.stdout), "environment": local_environment(stack)}))
    monkeypatch.setenv(STACK_FILE_ENV, str(path))
    status, _, err = run_cli(capsys, "--local", *NEW_CENTER)
    assert status == 1
    assert err.startswith("LOCAL_STACK_NOT_RUNNING:")


def test_local_reads_the_stack_file(
    stack: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "stack.json"
    path.write_text(json.dumps({"pid": os.getpid(), "environment": local_environment(stack)}))
    monkeypatch.setenv(STACK_FILE_ENV, str(path))
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    # What `make run` provides wins over whatever the shell says.
    monkeypatch.setenv("TABLE_NAME", "no-such-table")
    status, _, err = run_cli(capsys, "create-center", "--local", *NEW_CENTER[1:])
    assert status == 0, err
    assert (
        DynamoCenters(stack.table_name, client=aws.dynamodb).get_center("c-jean-moulin") is not None
    )


def test_local_and_stack_name_exclude_each_other(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run_cli(capsys, "--local", "--stack-name", "certif-sco-prod", *NEW_CENTER)
    assert status == 1
    assert err.startswith("INVALID_OPTIONS:")


# --- --stack-name ------------------------------------------------------------------------------


def test_stack_name_finds_the_table_of_a_deployed_stack(
    stack: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # moto's CloudFormation creates tables, not user pools: the pool comes from the environment.
    key = [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    attributes = [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
    ]
    template = {
        "Resources": {
            "Table": {
                "Type": "AWS::DynamoDB::Table",
                "Properties": {
                    "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": attributes,
                    "KeySchema": key,
                },
            }
        }
    }
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(StackName="certif-sco-dev", TemplateBody=json.dumps(template))
    table = cloudformation.describe_stack_resource(
        StackName="certif-sco-dev", LogicalResourceId="Table"
    )["StackResourceDetail"]["PhysicalResourceId"]
    assert table != stack.table_name

    status, _, err = run_cli(capsys, "--stack-name", "certif-sco-dev", *NEW_CENTER)
    assert status == 0, err
    assert DynamoCenters(table, client=aws.dynamodb).get_center("c-jean-moulin") is not None
    assert DynamoCenters(stack.table_name, client=aws.dynamodb).get_center("c-jean-moulin") is None


def test_unknown_stack_name(stack: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(capsys, "--stack-name", "certif-sco-nope", *NEW_CENTER)
    assert status == 1
    assert err.strip() == "STACK_NOT_FOUND: Pile CloudFormation introuvable : certif-sco-nope"


def test_sweep_with_an_explicit_clock(
    demo: Settings, api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a session of 14/12/2026 12:00 in Paris (deadline 16/12 12:45 UTC) nobody joined
    session = api.as_user(
        "admin@anne-frank.test",
        "POST",
        "/centers/c-anne-frank/sessions",
        {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"},
    ).json_body
    # When the operator sweeps before, then after the deadline
    code, early, _ = run_cli(capsys, "sweep", "--at", "2026-12-16T12:00:00Z")
    assert code == 0 and "rien à signaler" in early
    code, late, _ = run_cli(capsys, "sweep", "--at", "2026-12-16T13:00:00Z")
    # Then it prints what it flagged and notified, once
    assert code == 0
    assert f"session {session['id']} : signalée en retard" in late
    code, again, _ = run_cli(capsys, "sweep", "--at", "2026-12-16T13:15:00Z")
    assert "rien à signaler" in again


def test_sweep_refuses_an_instant_without_timezone(
    stack: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "sweep", "--at", "2026-12-16T13:00:00")


def test_dedupe_roster_keeps_the_copy_candidates_refer_to(
    demo: Settings, api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a pupil imported three times by concurrent imports of the past, one copy enrolled
    students = DynamoStudents(demo.table_name, client=aws.dynamodb)
    copies = [
        Student(
            id=f"copy-{n}",
            center_id="c-anne-frank",
            last_name="LECŒUR",
            first_name="Zoé",
            birthdate=date(2010, 11, 5),
            division="3E1",
        )
        for n in (1, 2, 3)
    ]
    students.save_many(copies)
    session = api.as_user(
        "admin@anne-frank.test",
        "POST",
        "/centers/c-anne-frank/sessions",
        {"address": "A", "room": "B", "date": "2026-12-14", "time": "12:00", "examiner": "C"},
    ).json_body
    enrolled = api.as_user(
        "admin@anne-frank.test",
        "POST",
        f"/sessions/{session['id']}/candidates",
        {"studentIds": ["copy-2"]},
    )
    assert enrolled.status_code == 201

    # When the operator looks first, then repairs
    code, dry, _ = run_cli(capsys, "dedupe-roster", "--center", "c-anne-frank", "--dry-run")
    assert code == 0 and dry.count("à retirer") == 2
    assert len(students.list_center("c-anne-frank")) == 3
    code, out, _ = run_cli(capsys, "dedupe-roster", "--center", "c-anne-frank")

    # Then only the enrolled copy is left
    assert code == 0 and "copy-1" in out and "copy-3" in out
    assert [s.id for s in students.list_center("c-anne-frank")] == ["copy-2"]
    code, again, _ = run_cli(capsys, "dedupe-roster", "--center", "c-anne-frank")
    assert "aucun doublon" in again


def _as_before_the_queues(
    table: str, session_id: int, counted_in: str, report_id: str | None = None
) -> None:
    """Make a finalized session look as finalized before the queues existed: no queue keys,
    not counted, requiresAction never judged; its report not findable by its id."""
    client = aws.dynamodb()
    client.update_item(
        TableName=table,
        Key=keys.session(session_id).attributes(),
        UpdateExpression="REMOVE gsi2pk, gsi2sk, gsi3pk, gsi3sk SET requires_action = :no",
        ExpressionAttributeValues={":no": {"BOOL": False}},
    )
    client.update_item(
        TableName=table,
        Key=keys.queue_count_of(session_id).attributes(),
        UpdateExpression="ADD #queue :minus",
        ExpressionAttributeNames={"#queue": counted_in},
        ExpressionAttributeValues={":minus": {"N": "-1"}},
    )
    if report_id is not None:
        client.update_item(
            TableName=table,
            Key=keys.issue_report(session_id, report_id).attributes(),
            UpdateExpression="REMOVE gsi1pk, gsi1sk",
        )


def test_backfill_processing_files_old_sessions_and_reports_once(
    stack: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    table = stack.table_name
    sessions = DynamoSessions(table, client=aws.dynamodb)
    finalization = DynamoFinalization(table, client=aws.dynamodb)
    reports = DynamoIssueReports(table, client=aws.dynamodb)
    queues = DynamoProcessing(table, client=aws.dynamodb)
    # Given a session finalized with an impactful report unresolved, one processed, one open,
    # all stored before the queues
    waiting = open_session(sessions, code="BCDF23")
    report = IssueReport(
        id="r-old",
        session_id=waiting.id,
        candidate_id="c-1",
        category=IssueCategory.TECHNICAL_PROBLEM,
        description="Coupure réseau",
        created_at=NOW,
        created_by="alice",
    )
    reports.add(report, an_event(waiting.id))
    done = open_session(sessions, code="BCDF24")
    open_session(sessions, code="BCDF25")
    for session, action in ((waiting, True), (done, False)):
        finalized = mark_finalized(stored(sessions, session.id), NOW, requires_action=action)
        final = Finalization(session_id=session.id, finalized_at=NOW, finalized_by="alice")
        finalization.finalize(finalized, final, an_event(session.id))
    taken = assign(stored(sessions, done.id), StaffMember(user_id="anne", name="Anne Pix"))
    assert taken is not None
    queues.transition(stored(sessions, done.id), taken, an_event(done.id))
    queues.transition(taken, mark_processed(taken, NOW), an_event(done.id))
    _as_before_the_queues(table, waiting.id, "FINALIZED#ACTION", report.id)
    _as_before_the_queues(table, done.id, "PROCESSED#NO_ACTION")
    before = queues.counts()
    assert (before["FINALIZED#ACTION"], before["PROCESSED#NO_ACTION"]) == (0, 0)
    assert queues.find_report("r-old") is None

    # When the operator looks first
    code, dry, _ = run_cli(capsys, "backfill-processing", "--dry-run")
    assert code == 0
    assert "3 sessions parcourues : 2 sessions finalisées à ranger" in dry
    assert "FINALIZED#ACTION : 1" in dry and "PROCESSED#NO_ACTION : 1" in dry
    assert "1 signalement à compléter" in dry
    assert queues.counts() == before and queues.find_report("r-old") is None

    # Then runs it
    code, out, _ = run_cli(capsys, "backfill-processing")
    assert code == 0 and "2 sessions finalisées rangées" in out
    counts = queues.counts()
    assert (counts["FINALIZED#ACTION"], counts["PROCESSED#NO_ACTION"]) == (1, 1)
    to_act = Queue(status=QueueStatus.FINALIZED, requires_action=True)
    assert [s.id for s in queues.list_queue(to_act, 0, 10, None).sessions] == [waiting.id]
    processed = Queue(status=QueueStatus.PROCESSED)
    assert [s.id for s in queues.list_queue(processed, 0, 10, None).sessions] == [done.id]
    assert stored(sessions, waiting.id).requires_action is True
    found = queues.find_report("r-old")
    assert found is not None and found.session_id == waiting.id

    # And a second run changes nothing, counters included
    code, again, _ = run_cli(capsys, "backfill-processing")
    assert code == 0 and "0 session finalisée rangée" in again
    assert "0 signalement complété" in again
    assert queues.counts() == counts


def test_backfill_processing_skips_a_session_changed_since_read(stack: Settings) -> None:
    table = stack.table_name
    sessions = DynamoSessions(table, client=aws.dynamodb)
    queues = DynamoProcessing(table, client=aws.dynamodb)
    session = open_session(sessions)
    finalized = mark_finalized(stored(sessions, session.id), NOW)
    final = Finalization(session_id=session.id, finalized_at=NOW, finalized_by="alice")
    DynamoFinalization(table, client=aws.dynamodb).finalize(finalized, final, an_event(session.id))
    _as_before_the_queues(table, session.id, "FINALIZED#NO_ACTION")
    read = stored(sessions, session.id)
    judged = read.model_copy(update={"version": read.version + 1})
    stale = read.model_copy(update={"version": read.version - 1})

    assert queues.enqueue(stale, judged) is False  # changed since read: nothing written
    assert queues.counts()["FINALIZED#NO_ACTION"] == 0
    assert queues.enqueue(read, judged) is True
    assert queues.enqueue(read, judged) is False  # in its queue now: not counted twice
    assert queues.counts()["FINALIZED#NO_ACTION"] == 1
