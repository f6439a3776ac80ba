"""The invigilator's kit: one or two printed pages with what the person in the exam room needs
on the day — how to open the invigilator's portal and the steps, in order. Computed here,
drawn by the PDF renderer (shared/adapters/pdf/invigilator_kit.py)."""

from __future__ import annotations

from datetime import date, time

from pydantic import BaseModel, ConfigDict

from shared.domain.deadline import FINALIZATION_DELAY
from shared.domain.session import Session

PORTAL_FRAGMENT = "/#/surveillant"
PUPILS_FRAGMENT = "/#/candidat"
FINALIZATION_HOURS = int(FINALIZATION_DELAY.total_seconds() // 3600)


class KitStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    text: str


class InvigilatorKit(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: int
    center_name: str
    address: str
    room: str
    date: date
    start_time: time
    examiner: str
    supervisor_password: str
    access_code: str
    candidates_count: int
    # Where the invigilator logs in, and where pupils enter (absent: the web front end's
    # address is not configured, the kit says to ask the school's administrator).
    portal_url: str | None
    pupils_url: str | None
    steps: tuple[KitStep, ...]

    @property
    def file_name(self) -> str:
        return f"kit-surveillant-session-{self.session_id}.pdf"


STEPS = (
    KitStep(
        title="Ouvrir l'espace surveillant",
        text="Sur l'ordinateur ou la tablette de la salle, ouvrez l'espace surveillant et "
        "connectez-vous avec le numéro de session et le mot de passe surveillant ci-dessus. "
        "Ne communiquez pas ce mot de passe aux élèves.",
    ),
    KitStep(
        title="Confirmer la présence de chaque élève",
        text="Vérifiez l'identité de chaque élève présent, puis cliquez sur « Confirmer la "
        "présence » à côté de son nom. Un élève dont la présence n'est pas confirmée ne peut "
        "pas commencer son test. Écrivez au tableau le numéro de session et le code d'accès.",
    ),
    KitStep(
        title="Laisser les élèves entrer",
        text="Chaque élève rejoint la session avec le numéro de session, le code d'accès, son "
        "nom de naissance, son prénom et sa date de naissance. La liste de l'espace "
        "surveillant montre qui a commencé et le temps restant de chacun.",
    ),
    KitStep(
        title="Autoriser une reprise",
        text="Un élève dont le test s'est interrompu (ordinateur redémarré, page fermée) ne "
        "peut le reprendre que si vous cliquez sur « Autoriser la reprise ». L'autorisation "
        "ne vaut que pour une seule reprise.",
    ),
    KitStep(
        title="Mettre fin à un test, signaler un incident",
        text="« Mettre fin au test » arrête le test d'un élève (indiquez la raison). "
        "« Signaler » enregistre un incident : il apparaîtra dans la finalisation de la "
        "session.",
    ),
    KitStep(
        title="Finaliser la session",
        text=f"Après l'examen, la session doit être finalisée dans les {FINALIZATION_HOURS} "
        "heures par un membre de l'établissement sur Pix Certif : signalements, écrans de fin "
        "de test, documents et commentaire.",
    ),
)


def invigilator_kit(
    session: Session, web_address: str | None, candidates_count: int
) -> InvigilatorKit:
    base = web_address.rstrip("/") if web_address else None
    return InvigilatorKit(
        session_id=session.id,
        center_name=session.center_name,
        address=session.address,
        room=session.room,
        date=session.date,
        start_time=session.time,
        examiner=session.examiner,
        supervisor_password=session.supervisor_password,
        access_code=session.access_code,
        candidates_count=candidates_count,
        portal_url=f"{base}{PORTAL_FRAGMENT}" if base else None,
        pupils_url=f"{base}{PUPILS_FRAGMENT}" if base else None,
        steps=STEPS,
    )
