"""Results: the file and the JSON items checked line by line, the class file a spreadsheet
opens safely, the attestations' content, verification codes, and the use cases on fakes."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import date, timedelta
from random import Random

import pytest

from shared.domain import errors
from shared.domain.attestation import attestation_book
from shared.domain.audit import AuditEvent
from shared.domain.candidate import CandidateStatus, enroll
from shared.domain.limits import RESULTS_PER_WRITE
from shared.domain.results import (
    COMPETENCE_CODES,
    CertificationResult,
    CertifiedPupil,
    CompetenceLevel,
    ResultChange,
    ResultStatus,
    SavingMark,
    is_verification_code,
    new_verification_code,
)
from shared.domain.results_csv import parse_results_csv
from shared.domain.results_entry import CompetenceInput, ResultInput, check_items
from shared.domain.results_export import (
    class_results_csv,
    class_results_file_name,
    spreadsheet_safe,
)
from shared.domain.session import Session, SessionStatus
from shared.domain.student import Student
from shared.services import finalization, results
from shared.services.dependencies import Dependencies
from tests.fake_dependencies import Fakes
from tests.fakes import an_event
from tests.unit.given import ALICE, LUCAS, NOW, STAFF, ZOE, pupil

HEADER = "Numéro de certification;Statut;Score;" + ";".join(COMPETENCE_CODES)
LEVELS = ";".join(["3"] * 16)
BLANKS = ";" * 16


def read(*lines: str, encoding: str = "utf-8") -> list[tuple[int, str]]:
    parsed = parse_results_csv("\n".join(lines).encode(encoding))
    return [(e.line, e.code) for e in parsed.errors]


# --- the CSV file --------------------------------------------------------------------------


def test_a_good_file_gives_every_result_with_french_or_contract_statuses() -> None:
    parsed = parse_results_csv(
        "\n".join(
            [
                HEADER,
                f"101;Validée;512;{LEVELS}",
                f"102;REJECTED;90{BLANKS}",
                f"103;annulé;0{BLANKS}",
            ]
        ).encode()
    )
    assert parsed.errors == []
    assert [(e.certification_number, e.status, e.pix_score) for e in parsed.entries] == [
        (101, ResultStatus.VALIDATED, 512),
        (102, ResultStatus.REJECTED, 90),
        (103, ResultStatus.CANCELLED, 0),
    ]
    assert [c.code for c in parsed.entries[0].competences] == list(COMPETENCE_CODES)
    assert parsed.entries[1].competences == ()


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("101;Validée;512;3;3", "COLUMN_COUNT"),
        (f"101;Validée;512;{LEVELS};;;surplus", "COLUMN_COUNT"),
        (f"abc;Validée;512;{LEVELS}", "INVALID_CERTIFICATION_NUMBER"),
        (f";Validée;512;{LEVELS}", "INVALID_CERTIFICATION_NUMBER"),
        (f"101;Validée;1025;{LEVELS}", "INVALID_SCORE"),
        (f"101;Validée;-3;{LEVELS}", "INVALID_SCORE"),
        (f"101;Validée;12,5;{LEVELS}", "INVALID_SCORE"),
        (f"101;Perdue;512;{LEVELS}", "INVALID_STATUS"),
        (f"101;;512;{LEVELS}", "INVALID_STATUS"),
        ("101;Validée;512;" + ";".join(["3"] * 15 + ["9"]), "INVALID_LEVEL"),
        ("101;Validée;512;" + ";".join(["3"] * 15 + ["x"]), "INVALID_LEVEL"),
        ("101;Validée;512;" + ";".join(["3"] * 15 + [""]), "MISSING_LEVELS"),
        (f"101;Validée;512{BLANKS}", "MISSING_LEVELS"),
        ("101;Rejetée;80;3" + ";" * 15, "MISSING_LEVELS"),
    ],
)
def test_each_bad_line_is_reported_with_its_number(line: str, code: str) -> None:
    assert read(HEADER, f"102;Rejetée;80{BLANKS}", line) == [(3, code)]


def test_every_problem_of_a_line_is_reported_at_once() -> None:
    assert read(HEADER, f"x;Perdue;2000{BLANKS}") == [
        (2, "INVALID_CERTIFICATION_NUMBER"),
        (2, "INVALID_STATUS"),
        (2, "INVALID_SCORE"),
    ]


def test_a_number_sent_twice_is_refused_on_both_lines() -> None:
    parsed = parse_results_csv(
        "\n".join([HEADER, f"101;Rejetée;80{BLANKS}", "", f"101;Rejetée;81{BLANKS}"]).encode()
    )
    assert parsed.entries == []
    assert [(e.line, e.code) for e in parsed.errors] == [
        (2, "DUPLICATE_CERTIFICATION_NUMBER"),
        (4, "DUPLICATE_CERTIFICATION_NUMBER"),
    ]
    assert "ligne 4" in parsed.errors[0].message


def test_windows_1252_and_a_bom_are_read() -> None:
    text = "\n".join([HEADER, f"101;Annulée;0{BLANKS}"])
    for content in (text.encode("cp1252"), codecs.BOM_UTF8 + text.encode()):
        parsed = parse_results_csv(content)
        assert [e.status for e in parsed.entries] == [ResultStatus.CANCELLED]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "EMPTY_RESULTS"),
        (HEADER.encode(), "EMPTY_RESULTS"),
        (b"Statut;Score\nVALIDATED;10", "INVALID_RESULTS_FILE"),
        (codecs.BOM_UTF16_LE + "x".encode("utf-16-le"), "INVALID_RESULTS_FILE"),
        (f'{HEADER}\n"101;Rejetée'.encode(), "INVALID_RESULTS_FILE"),
    ],
)
def test_an_unreadable_file_saves_nothing(content: bytes, code: str) -> None:
    with pytest.raises(errors.RuleViolation) as refused:
        parse_results_csv(content)
    assert refused.value.code == code


# --- JSON items -----------------------------------------------------------------------------


def test_json_items_are_checked_as_the_file_lines() -> None:
    all_levels = [CompetenceInput(code=c, level=2) for c in COMPETENCE_CODES]
    parsed = check_items(
        [
            ResultInput(certification_number=1, status="VALIDATED", pix_score=300,
                        competences=all_levels),
            ResultInput(certification_number=2, status="VALIDATED", pix_score=300,
                        competences=[*all_levels[:15], CompetenceInput(code="9.9", level=1)]),
            ResultInput(certification_number=3, status="REJECTED", pix_score=10,
                        competences=[all_levels[0], all_levels[0]]),
        ]
    )  # fmt: skip
    assert [e.certification_number for e in parsed.entries] == [1]
    assert [(e.line, e.code) for e in parsed.errors] == [
        (2, "UNKNOWN_COMPETENCE"),
        (3, "DUPLICATE_COMPETENCE"),
    ]
    assert parsed.errors[0].message.startswith("Résultat n° 2 : ")


# --- verification codes ---------------------------------------------------------------------


def test_codes_have_their_shape_and_do_not_repeat() -> None:
    rng = Random(7)
    codes = {new_verification_code(rng) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(is_verification_code(code) for code in codes)
    for wrong in ("P-ABCDEFG", "P-ABCDEFGHJ", "X-ABCDEFGH", "P-ABCDEFG0", "p-abcdefgh", ""):
        assert not is_verification_code(wrong)


# --- the class file and the attestations ----------------------------------------------------


def a_result(
    last_name: str = "LECŒUR", status: ResultStatus = ResultStatus.VALIDATED
) -> CertificationResult:
    validated = status is ResultStatus.VALIDATED
    return CertificationResult(
        session_id=7,
        candidate_id="c-1",
        certification_number=123,
        status=status,
        pix_score=512,
        competences=tuple(CompetenceLevel(code=c, level=4) for c in COMPETENCE_CODES)
        if validated
        else (),
        verification_code="P-ABCDEFGH" if validated else None,
        saved_at=NOW,
        saved_by="staff",
        center_id="c-paris",
        session_date=date(2026, 12, 14),
        pupil=CertifiedPupil(
            last_name=last_name,
            first_name="Zoé",
            birthdate=date(2010, 11, 5),
            division="3E1",
            national_student_id="9999000102B",
        ),
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_cell_starts_like_a_formula(start: str) -> None:
    assert spreadsheet_safe(f"{start}HYPERLINK()") == f"'{start}HYPERLINK()"
    content = class_results_csv([a_result(last_name=f"{start}cmd|' /C calc'!A0")])
    row = content.decode("utf-8-sig").split("\r\n")[1]
    assert row.startswith("'") or row.startswith("\"'")
    assert spreadsheet_safe("Zoé") == "Zoé"


def test_the_class_file_is_french_with_a_bom() -> None:
    content = class_results_csv([a_result(), a_result("MARTIN", ResultStatus.REJECTED)])
    assert content.startswith(codecs.BOM_UTF8)
    rows = content.decode("utf-8-sig").split("\r\n")
    assert rows[1].split(";")[:10] == [
        "LECŒUR", "Zoé", "05/11/2010", "3E1", "9999000102B", "123", "7", "14/12/2026",
        "Validée", "512",
    ]  # fmt: skip
    assert rows[2].split(";")[8:] == ["Rejetée", "512", *[""] * 16]
    assert class_results_file_name("3ème A/B") == "resultats-3eme-A-B.csv"
    assert class_results_file_name('"../..') == "resultats-classe.csv"


def test_attestations_are_the_validated_results_with_their_address() -> None:
    book = attestation_book(
        "Collège Anne Frank",
        "3E1",
        [a_result(), a_result("MARTIN", ResultStatus.REJECTED)],
        "https://certif.example.test/",
    )
    (page,) = book.attestations
    assert page.last_name == "LECŒUR" and page.pix_score == 512
    assert page.verification_address == "https://certif.example.test/#/verifier/P-ABCDEFGH"
    assert page.competences[0].name == "Mener une recherche et une veille d'information"
    assert len(page.competences) == 16
    assert book.file_name == "attestations-3E1.pdf"
    assert (
        attestation_book("C", "3E1", [a_result()], None).attestations[0].verification_address
        is None
    )


# --- the use cases, on fakes ------------------------------------------------------------------


def finalized_with(
    fakes: Fakes, session: Session, pupils: tuple[Student, ...] = (ZOE, LUCAS)
) -> dict[str, int]:
    """The pupils (Zoé and Lucas) enrolled and joined (numbers 1, 2…), the session finalized."""
    enrolled = fakes.candidates.enroll(
        session, [enroll(p, session.id, NOW) for p in pupils], an_event(session.id)
    )
    numbers = {}
    for number, candidate in enumerate(fakes.candidates.list_for_session(session.id), start=1):
        joined = candidate.model_copy(
            update={"status": CandidateStatus.COMPLETED, "certification_number": number}
        )
        fakes.candidates.candidates[(session.id, candidate.id)] = joined
        numbers[candidate.first_name] = number
    fakes.sessions.sessions[session.id] = enrolled.model_copy(
        update={"status": SessionStatus.FINALIZED}
    )
    return numbers


def validated(number: int) -> ResultInput:
    return ResultInput(
        certification_number=number,
        status="VALIDATED",
        pix_score=400,
        competences=[CompetenceInput(code=c, level=1) for c in COMPETENCE_CODES],
    )


def upload(*items: ResultInput) -> results.ResultsUpload:
    return results.ResultsUpload(items=list(items))


def test_only_pix_staff_enter_results(fakes: Fakes, deps: Dependencies, session: Session) -> None:
    numbers = finalized_with(fakes, session)
    with pytest.raises(errors.Forbidden) as refused:
        results.save_results(deps, ALICE, session.id, upload(validated(numbers["Zoé"])))
    assert refused.value.code == "PIX_ADMIN_REQUIRED"


def test_a_taken_code_is_drawn_again(fakes: Fakes, session: Session) -> None:
    numbers = finalized_with(fakes, session)
    # The first code the rng will draw is already someone's.
    taken = new_verification_code(Random(1))
    fakes.results.codes[taken] = (999, "someone")
    deps = fakes.dependencies()
    report = results.save_results(deps, STAFF, session.id, upload(validated(numbers["Zoé"])))
    assert report.saved == 1
    (saved,) = fakes.results.list_for_session(session.id)
    assert saved.verification_code not in (None, taken)
    assert saved.pupil is not None and saved.pupil.national_student_id == ZOE.national_student_id


def test_a_result_saved_again_keeps_its_code_and_loses_it_once_rejected(
    fakes: Fakes, deps: Dependencies, session: Session
) -> None:
    number = finalized_with(fakes, session)["Zoé"]
    results.save_results(deps, STAFF, session.id, upload(validated(number)))
    (first,) = fakes.results.list_for_session(session.id)
    fakes.clock.now += timedelta(minutes=1)
    results.save_results(deps, STAFF, session.id, upload(validated(number)))
    (again,) = fakes.results.list_for_session(session.id)
    assert again.verification_code == first.verification_code
    rejected = ResultInput(certification_number=number, status="REJECTED", pix_score=12)
    results.save_results(deps, STAFF, session.id, upload(rejected))
    (last,) = fakes.results.list_for_session(session.id)
    assert last.verification_code is None and fakes.results.codes == {}


def test_the_public_check_reads_nothing_for_a_malformed_code(
    fakes: Fakes, deps: Dependencies
) -> None:
    for code in ("P-0000", "<script>", "P-ABCDEFGH0"):
        with pytest.raises(errors.NotFound) as refused:
            results.verify_certificate(deps, code)
        assert refused.value.code == "CERTIFICATE_NOT_FOUND"
    assert fakes.results.calls == []


def test_a_code_of_an_unpublished_session_is_not_found(
    fakes: Fakes, deps: Dependencies, session: Session
) -> None:
    number = finalized_with(fakes, session)["Zoé"]
    results.save_results(deps, STAFF, session.id, upload(validated(number)))
    (saved,) = fakes.results.list_for_session(session.id)
    assert saved.verification_code is not None
    with pytest.raises(errors.NotFound):
        results.verify_certificate(deps, saved.verification_code)
    fakes.sessions.sessions[session.id] = fakes.sessions.sessions[session.id].model_copy(
        update={"status": SessionStatus.PROCESSED}
    )
    found = results.verify_certificate(deps, saved.verification_code.lower())
    assert found.result == saved


# --- a save in several groups and publication ------------------------------------------------


def many_joined(fakes: Fakes, session: Session) -> list[int]:
    """One pupil more than a group holds, enrolled and joined: their certification numbers."""
    many = tuple(
        pupil(f"m{n}", f"Élève{n}", f"Prénom{n}", date(2010, 1, 1))
        for n in range(RESULTS_PER_WRITE + 1)
    )
    return sorted(finalized_with(fakes, session, many).values())


def rejected(number: int) -> ResultInput:
    return ResultInput(certification_number=number, status="REJECTED", pix_score=90)


def after_the_first_group(fakes: Fakes, act: Callable[[int], None]) -> None:
    """`act(session_id)` runs once, right after the first group of the next save in several
    groups is written: another staff member's request arriving between two groups."""
    save = fakes.results.save

    def save_then_act(
        session_id: int,
        changes: list[ResultChange],
        event: AuditEvent,
        mark: SavingMark | None = None,
    ) -> None:
        save(session_id, changes, event, mark)
        if mark is not None and not mark.release:
            fakes.results.save = save  # type: ignore[method-assign]
            act(session_id)

    fakes.results.save = save_then_act  # type: ignore[method-assign]


def test_a_session_is_not_published_while_its_results_are_saved_in_several_groups(
    fakes: Fakes, deps: Dependencies, session: Session
) -> None:
    """Another staff member publishes between the first group and the last: refused (409),
    nothing published; once the last group is written the session publishes."""
    numbers = many_joined(fakes, session)
    refusals: list[errors.Conflict] = []

    def publish(session_id: int) -> None:
        with pytest.raises(errors.Conflict) as refused:
            finalization.publish(deps, STAFF, session_id)
        refusals.append(refused.value)

    after_the_first_group(fakes, publish)
    report = results.save_results(deps, STAFF, session.id, upload(*map(validated, numbers)))

    assert report.saved == RESULTS_PER_WRITE + 1 and report.errors == []
    (refusal,) = refusals
    assert refusal.code == "SESSION_NOT_PUBLISHABLE"
    assert "réessayez dans quelques minutes" in refusal.message
    assert [d.code for d in refusal.details] == ["RESULTS_BEING_SAVED"]
    saved = fakes.sessions.sessions[session.id]
    assert saved.status is SessionStatus.FINALIZED and saved.results_saving_until is None
    assert finalization.publish(deps, STAFF, session.id).status is SessionStatus.PROCESSED


def test_a_save_in_one_group_leaves_no_mark(
    fakes: Fakes, deps: Dependencies, session: Session
) -> None:
    numbers = finalized_with(fakes, session)
    version = fakes.sessions.sessions[session.id].version
    results.save_results(deps, STAFF, session.id, upload(validated(numbers["Zoé"])))
    saved = fakes.sessions.sessions[session.id]
    assert saved.results_saving_until is None and saved.version == version


def test_a_second_long_save_waits_for_the_first_and_writes_nothing_meanwhile(
    fakes: Fakes, deps: Dependencies, session: Session
) -> None:
    """Two staff members save the results of one session at once, each in several groups:
    the second is refused (409) before writing anything, the first keeps its mark to its end
    (the session cannot be published half-way), and the second succeeds once it is done."""
    numbers = many_joined(fakes, session)
    refusals: list[errors.Conflict] = []

    def second_save(session_id: int) -> None:
        with pytest.raises(errors.Conflict) as refused:
            results.save_results(deps, STAFF, session_id, upload(*map(rejected, numbers)))
        refusals.append(refused.value)

    after_the_first_group(fakes, second_save)
    report = results.save_results(deps, STAFF, session.id, upload(*map(validated, numbers)))

    assert report.saved == RESULTS_PER_WRITE + 1
    (refusal,) = refusals
    assert refusal.code == "RESULTS_BEING_SAVED"
    assert "réessayez dans quelques minutes" in refusal.message
    stored = fakes.results.list_for_session(session.id)
    assert {r.status for r in stored} == {ResultStatus.VALIDATED}
    assert fakes.sessions.sessions[session.id].results_saving_until is None

    again = results.save_results(deps, STAFF, session.id, upload(*map(rejected, numbers)))
    assert again.saved == RESULTS_PER_WRITE + 1
    assert {r.status for r in fakes.results.list_for_session(session.id)} == {ResultStatus.REJECTED}
    assert fakes.sessions.sessions[session.id].results_saving_until is None


def test_a_long_save_that_loses_a_race_midway_finishes_and_releases_its_mark(
    fakes: Fakes, deps: Dependencies, session: Session
) -> None:
    """Between its first and last group, another staff member saves the last pupil's result
    alone (one group, atomic): the long save's last group loses the race, its retry takes its
    own mark over instead of refusing itself, writes every result and removes the mark."""
    numbers = many_joined(fakes, session)
    interleaved: list[int] = []

    def lone_save(session_id: int) -> None:
        lone = results.save_results(deps, STAFF, session_id, upload(rejected(numbers[-1])))
        interleaved.append(lone.saved)

    after_the_first_group(fakes, lone_save)
    report = results.save_results(deps, STAFF, session.id, upload(*map(validated, numbers)))

    assert interleaved == [1] and report.saved >= 1
    stored = fakes.results.list_for_session(session.id)
    assert len(stored) == RESULTS_PER_WRITE + 1
    assert {r.status for r in stored} == {ResultStatus.VALIDATED}
    saved = fakes.sessions.sessions[session.id]
    assert saved.results_saving_until is None
    assert finalization.publish(deps, STAFF, session.id).status is SessionStatus.PROCESSED
