"""Issue reports ("signalements"): the one table of categories, codes and French wording,
used by the incident report printed with the attendance sheet (PV d'incident) and by the
finalization's rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IssueCategory(StrEnum):
    CANDIDATE_INFORMATIONS_CHANGES = "CANDIDATE_INFORMATIONS_CHANGES"
    LATE_OR_LEAVING = "LATE_OR_LEAVING"
    CONNECTION_OR_END_SCREEN = "CONNECTION_OR_END_SCREEN"
    FRAUD = "FRAUD"
    IN_CHALLENGE = "IN_CHALLENGE"
    TECHNICAL_PROBLEM = "TECHNICAL_PROBLEM"
    OTHER = "OTHER"


class IssueGroup(StrEnum):
    CANDIDATE = "Signalements liés au candidat"
    CHALLENGE = "Signalements sur une épreuve - précisez le numéro de l'épreuve"
    OTHER = "Autres signalements"


@dataclass(frozen=True)
class IssueCode:
    """One line of the PV d'incident's legend."""

    code: str
    category: IssueCategory
    subcategory: str | None
    label: str
    expected_details: str
    group: IssueGroup


@dataclass(frozen=True)
class CategoryRule:
    """What a report of this category must say (the contract's "requires" column)."""

    codes: str
    requires_subcategory: bool
    requires_description: bool
    requires_question_number: bool
    # Subcategories whose reports need a description even when the category does not.
    description_required_for: frozenset[str] = frozenset()


_C = IssueCategory
_G = IssueGroup

ISSUE_CODES: tuple[IssueCode, ...] = (
    IssueCode("C1", _C.CANDIDATE_INFORMATIONS_CHANGES, "NAME_OR_BIRTHDATE",
              "Modification des prénom/nom/date de naissance",
              "Précisez l'information à modifier", _G.CANDIDATE),
    IssueCode("C2", _C.CANDIDATE_INFORMATIONS_CHANGES, "EXTRA_TIME_PERCENTAGE",
              "Ajout/modification du temps majoré", "Précisez le temps majoré", _G.CANDIDATE),
    IssueCode("C3", _C.LATE_OR_LEAVING, "LEFT_EXAM_ROOM", "Écran de fin de test non vu",
              "Précisez et indiquez l'heure de sortie", _G.CANDIDATE),
    IssueCode("C4", _C.LATE_OR_LEAVING, "SIGNATURE_ISSUE",
              "Candidat présent mais qui a oublié de signer, ou qui a signé sur la mauvaise ligne",
              "Précisez", _G.CANDIDATE),
    IssueCode("C5", _C.CONNECTION_OR_END_SCREEN, None,
              "Le candidat n'a pas pu terminer, faute de temps", "", _G.CANDIDATE),
    IssueCode("C6", _C.FRAUD, None, "Suspicion de fraude", "PV de fraude", _G.CANDIDATE),
    IssueCode("E1", _C.IN_CHALLENGE, "IMAGE_NOT_DISPLAYING", "L'image ne s'affiche pas", "",
              _G.CHALLENGE),
    IssueCode("E2", _C.IN_CHALLENGE, "EMBED_NOT_WORKING",
              "Le simulateur/l'application ne s'affiche pas", "", _G.CHALLENGE),
    IssueCode("E3", _C.IN_CHALLENGE, "FILE_NOT_OPENING",
              "Le fichier à télécharger ne s'ouvre pas", "", _G.CHALLENGE),
    IssueCode("E4", _C.IN_CHALLENGE, "WEBSITE_UNAVAILABLE",
              "Le site à visiter est indisponible/en maintenance/inaccessible", "", _G.CHALLENGE),
    IssueCode("E5", _C.IN_CHALLENGE, "WEBSITE_BLOCKED",
              "Le site est bloqué par les restrictions réseau de l'établissement", "",
              _G.CHALLENGE),
    IssueCode("E6", _C.IN_CHALLENGE, "LINK_NOT_WORKING", "Le lien ne fonctionne pas", "",
              _G.CHALLENGE),
    IssueCode("E7", _C.IN_CHALLENGE, "OTHER", "Autre incident lié à une question", "Précisez",
              _G.CHALLENGE),
    IssueCode("A1", _C.TECHNICAL_PROBLEM, None,
              "Problème technique (ex : l'ordinateur s'est éteint, lenteur significative du "
              "réseau et/ou de l'appareil, etc...)", "Décrivez l'incident", _G.OTHER),
    IssueCode("A2", _C.OTHER, None,
              "Autre (si aucune des catégories ci-dessus ne correspond au signalement)",
              "Décrivez l'incident", _G.OTHER),
)  # fmt: skip

CATEGORY_RULES: dict[IssueCategory, CategoryRule] = {
    _C.CANDIDATE_INFORMATIONS_CHANGES: CategoryRule("C1-C2", True, True, False),
    _C.LATE_OR_LEAVING: CategoryRule("C3-C4", True, True, False),
    _C.CONNECTION_OR_END_SCREEN: CategoryRule("C5", False, False, False),
    _C.FRAUD: CategoryRule("C6", False, False, False),
    _C.IN_CHALLENGE: CategoryRule("E1-E7", True, False, True, frozenset({"OTHER"})),
    _C.TECHNICAL_PROBLEM: CategoryRule("A1", False, True, False),
    _C.OTHER: CategoryRule("A2", False, True, False),
}

# The two notes printed at the foot of the PV d'incident.
PV_NOTES: tuple[str, ...] = (
    "Si le candidat a quitté temporairement, sous surveillance, la salle d'examen ou est arrivé "
    "en retard, il n'est pas nécessaire de l'indiquer",
    "Si le candidat a rencontré des difficultés pour se connecter à la session ou a dû se "
    "reconnecter à la session, il n'est pas nécessaire de l'indiquer",
)


def codes_by_group() -> list[tuple[IssueGroup, list[IssueCode]]]:
    """The legend as printed: groups in order, codes in order within each."""
    return [(group, [c for c in ISSUE_CODES if c.group is group]) for group in IssueGroup]


def code_of(category: IssueCategory, subcategory: str | None) -> IssueCode | None:
    for issue in ISSUE_CODES:
        if issue.category is category and issue.subcategory == subcategory:
            return issue
    return None


def subcategories(category: IssueCategory) -> list[str]:
    return [c.subcategory for c in ISSUE_CODES if c.category is category and c.subcategory]


# What Pix staff must look at before publishing (the contract's "isImpactful"): these
# categories, and a change of extra time (C2), whatever its category.
IMPACTFUL_CATEGORIES = frozenset({_C.IN_CHALLENGE, _C.TECHNICAL_PROBLEM, _C.FRAUD, _C.OTHER})
IMPACTFUL_SUBCATEGORIES = frozenset({"EXTRA_TIME_PERCENTAGE"})


def is_impactful(category: IssueCategory, subcategory: str | None) -> bool:
    return category in IMPACTFUL_CATEGORIES or subcategory in IMPACTFUL_SUBCATEGORIES
