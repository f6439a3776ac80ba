"""What `make run` prints once the API answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from devstack.demo import ANNE_FRANK, DEMO_CENTERS, DEMO_INVITATION, DEMO_PASSWORD, DEMO_USERS
from shared.domain.people import PIX_ADMIN_GROUP
from shared.domain.session import Session

READY = "Pile locale prête / Local stack ready"


def portal_lines(web_url: str | None, exam_days: Sequence[Session]) -> list[str]:
    """How to try the exam day at once: the afternoon session of each school."""
    if not exam_days:
        return []
    base = web_url or "(interface web)"
    lines = [
        "  Jour d'examen / exam day",
        f"    espace surveillant : {base}/#/surveillant",
        f"    entrée des élèves  : {base}/#/candidat",
    ]
    lines += [
        f"    {session.center_name} : session {session.id}, mot de passe surveillant "
        f"{session.supervisor_password}, code d'accès {session.access_code}"
        for session in exam_days
    ]
    return lines


def processing_lines(web_url: str | None) -> list[str]:
    """Where Pix staff process the finalized sessions, and where anyone checks an attestation."""
    if not web_url:
        return []
    staff = next(user.email for user in DEMO_USERS if user.pix_admin)
    return [
        "  Après la finalisation / after finalization",
        f"    Espace Pix ({staff}) : {web_url}/#/pix",
        f"    vérifier une attestation : {web_url}/#/verifier",
    ]


def banner(
    api_url: str,
    moto_url: str,
    stack_path: Path,
    *,
    web_url: str | None = None,
    exam_days: Sequence[Session] = (),
    mailbox_url: str | None = None,
) -> str:
    centers = {center.id: center for center in DEMO_CENTERS}
    width = max(len(user.email) for user in DEMO_USERS)
    accounts = []
    for user in DEMO_USERS:
        center = centers.get(user.center_id or "")
        if center is not None:
            where = f"{center.name} ({center.timezone}, UAI {center.external_id}) {user.role.value}"
        else:
            where = f"équipe Pix / Pix staff ({PIX_ADMIN_GROUP})"
        accounts.append(f"    {user.email:<{width}}  → {where}")
    rule = "=" * 78
    return "\n".join(
        [
            rule,
            f"  {READY}",
            *([f"  Interface web       : {web_url}  ← ouvrez-la / open it"] if web_url else []),
            *(
                [f"  E-mails envoyés     : {mailbox_url}  (boîte locale / local mailbox)"]
                if mailbox_url
                else []
            ),
            f"  API                 : {api_url}",
            f"  AWS (moto)          : {moto_url}",
            f"  Description / file  : {stack_path}",
            "  Comptes de démo / demo accounts",
            f"  (mot de passe / password : {DEMO_PASSWORD})",
            *accounts,
            "  Invitation en attente / pending invitation (lien dans l'e-mail / link in the mail)",
            f"    {DEMO_INVITATION.email:<{width}}  → {centers[ANNE_FRANK.id].name} "
            f"{DEMO_INVITATION.role.value}",
            *portal_lines(web_url, exam_days),
            *processing_lines(web_url),
            "  Exemple / example :",
            f"    curl -s -X POST {api_url}/auth/login -H 'Content-Type: application/json' \\",
            f'      -d \'{{"email": "{DEMO_USERS[0].email}", "password": "{DEMO_PASSWORD}"}}\'',
            "  Ctrl-C pour arrêter / to stop",
            rule,
        ]
    )
