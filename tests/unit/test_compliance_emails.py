"""The 48-hour rule's e-mails to a center's admins (shared/domain/compliance.py,
`notification_emails`): what each admin reads, in the center's own time, with a link to the
session in the web front end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from shared.domain.audit import Actor, Audit
from shared.domain.compliance import notification_emails, overdue, reminder
from shared.domain.people import Center
from shared.domain.session import Session, SessionCodes, SessionDetails, new_session
from tests.unit.given import PARIS, REUNION

WEB = "https://certif.example.fr/"
ADMINS = ("anne.directrice@anne-frank.test", "paul.adjoint@anne-frank.test")


def a_session(center: Center = PARIS, room: str = "Salle informatique 2") -> Session:
    """Session n° 42, 14/12/2026 at 14:00 in the center's timezone."""
    return new_session(
        42,
        center,
        SessionDetails(
            address="1 rue de l'École",
            room=room,
            date=date(2026, 12, 14),
            time=time(14),
            examiner="M. Roux",
        ),
        SessionCodes(access_code="BCDF42", supervisor_password="C-7K2MX"),
        Audit(actor=Actor.system("u"), at=datetime(2026, 12, 1, tzinfo=UTC)),
    )


def test_each_admin_gets_their_own_reminder() -> None:
    # Given a session of Paris on 14/12/2026 at 14:00 (its deadline: 16/12 at 15:45, Paris)
    notification = reminder(a_session())

    # When its reminder is written for the center's two admins
    emails = notification_emails(notification, ADMINS, WEB)

    # Then each gets one e-mail, addressed to them alone
    assert [email.to for email in emails] == [(ADMINS[0],), (ADMINS[1],)]
    first = emails[0]
    assert first.template == "compliance-reminder"
    assert first.subject == "Session n° 42 à finaliser avant le 16/12/2026 à 15:45"
    for body in (first.text, first.html):
        assert "du Collège Anne Frank, du 14/12/2026" in body
        assert "administrateur du Collège Anne Frank" in body
        assert "14/12/2026 à 14:00" in body
        assert "Salle informatique 2" in body
        assert "16/12/2026 à 15:45, heure de Paris (UTC+1)" in body
        assert "moins de 24 heures" in body
        assert "https://certif.example.fr/#/sessions/42" in body
    assert 'href="https://certif.example.fr/#/sessions/42"' in first.html


def test_the_overdue_notice_says_the_deadline_has_passed() -> None:
    emails = notification_emails(overdue(a_session()), ADMINS[:1], WEB)

    (email,) = emails
    assert email.template == "compliance-overdue"
    assert email.subject == "Session n° 42 non finalisée dans les 48 heures"
    assert "n'a pas été finalisée dans les 48 heures" in email.text
    assert "l'échéance était le 16/12/2026 à 15:45, heure de Paris (UTC+1)." in email.text
    assert "https://certif.example.fr/#/sessions/42" in email.text


def test_the_deadline_is_told_in_the_centers_timezone() -> None:
    # La Réunion is UTC+4: 14:00 there ends 15:45 there, and the deadline is 16/12 at 15:45
    # there (11:45 UTC), not Paris's time
    session = a_session(center=REUNION)
    assert session.finalization_deadline == datetime(2026, 12, 16, 11, 45, tzinfo=UTC)

    (email,) = notification_emails(reminder(session), ADMINS[:1], WEB)

    assert "n° 42 du Lycée Leconte de Lisle" in email.text
    assert "avant le 16/12/2026 à 15:45, heure de La Réunion (UTC+4)," in email.text


def test_an_address_listed_twice_gets_one_email_and_nobody_none() -> None:
    twice = (ADMINS[0], ADMINS[0].upper(), ADMINS[1])

    assert [e.to for e in notification_emails(reminder(a_session()), twice, WEB)] == [
        (ADMINS[0],),
        (ADMINS[1],),
    ]
    assert notification_emails(reminder(a_session()), (), WEB) == []


def test_a_room_name_is_shown_never_interpreted() -> None:
    room = 'Salle <b>"B"</b> & CDI'

    (email,) = notification_emails(reminder(a_session(room=room)), ADMINS[:1], WEB)

    assert room in email.text
    assert "Salle &lt;b&gt;&quot;B&quot;&lt;/b&gt; &amp; CDI" in email.html
    assert "<b>" not in email.html
