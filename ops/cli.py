"""`certif-admin`: the operators' commands (centers, users and their access, Pix staff).

It talks to a deployed stage (the usual AWS environment: TABLE_NAME, USER_POOL_ID,
USER_POOL_CLIENT_ID, or `--stack-name`, or explicit flags) or, with `--local`, to the stack of
`make run`, described in `.local/stack.json` (or the file named by CERTIF_STACK_FILE).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from devstack.stackfile import read_local_stack, stack_file
from shared import bootstrap
from shared.adapters import aws
from shared.domain.errors import DomainError
from shared.domain.french import plural, timezone_label
from shared.domain.people import PIX_ADMIN_GROUP, Center, CenterType, Role, normalize_email
from shared.domain.revocation import REVOCATION_CACHE_MAX_AGE, Revocation
from shared.services import admin, compliance, processing
from shared.services.admin import NewUser
from shared.services.dependencies import Dependencies
from shared.settings import Settings, get_settings

# CloudFormation logical ids (infra/template.json) of what the CLI needs.
_STACK_RESOURCES = {
    "Table": "table_name",
    "UserPool": "user_pool_id",
    "UserPoolClient": "user_pool_client_id",
    "NotificationsTopic": "topic_arn",
}


# --- Command line ----------------------------------------------------------------------------


def _add_target_options(parser: argparse.ArgumentParser, *, inherited: bool) -> None:
    """Where to act. Accepted before or after the subcommand; after it, they must not reset
    what was given before (hence SUPPRESS)."""
    default: Any = argparse.SUPPRESS if inherited else None
    group = parser.add_argument_group("cible / target")
    group.add_argument(
        "--local",
        action="store_true",
        default=argparse.SUPPRESS if inherited else False,
        help="la pile locale de `make run` (.local/stack.json ou $CERTIF_STACK_FILE)",
    )
    group.add_argument(
        "--stack-name", default=default, help="pile CloudFormation d'un stage déployé"
    )
    group.add_argument("--table", default=default, help="table DynamoDB (sinon $TABLE_NAME)")
    group.add_argument(
        "--user-pool-id", default=default, help="user pool Cognito (sinon $USER_POOL_ID)"
    )
    group.add_argument(
        "--client-id", default=default, help="client du user pool (sinon $USER_POOL_CLIENT_ID)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="certif-admin",
        description="Administration de Certif SCO : centres, utilisateurs, équipes Pix.",
    )
    _add_target_options(parser, inherited=False)
    inherited = argparse.ArgumentParser(add_help=False)
    _add_target_options(inherited, inherited=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    center = commands.add_parser(
        "create-center", parents=[inherited], help="créer (ou mettre à jour) un centre"
    )
    center.add_argument("--id", required=True, help="identifiant, ex. c-anne-frank")
    center.add_argument("--name", required=True, help="nom affiché, ex. « Collège Anne Frank »")
    center.add_argument("--timezone", required=True, help="fuseau IANA, ex. Europe/Paris")
    center.add_argument("--uai", required=True, help="code UAI de l'établissement")
    center.add_argument(
        "--type", default=CenterType.SCO.value, choices=[t.value for t in CenterType]
    )

    user = commands.add_parser(
        "create-user",
        parents=[inherited],
        help="créer un compte (mot de passe temporaire) et/ou l'ajouter à un centre",
    )
    user.add_argument("--email", required=True)
    user.add_argument("--first-name", required=True)
    user.add_argument("--last-name", required=True)
    user.add_argument("--center", help="identifiant du centre dont il devient membre")
    user.add_argument(
        "--role",
        choices=[r.value for r in Role],
        help="rôle dans le centre (avec --center ; ADMIN par défaut)",
    )
    user.add_argument(
        "--temporary-password", help="mot de passe temporaire (généré et affiché si absent)"
    )

    grant = commands.add_parser(
        "grant-pix-admin", parents=[inherited], help="donner les droits équipe Pix (pix-admin)"
    )
    grant.add_argument("--email", required=True)

    dedupe = commands.add_parser(
        "dedupe-roster",
        parents=[inherited],
        help="retirer les élèves en double d'un centre (imports simultanés d'avant le verrou)",
    )
    dedupe.add_argument("--center", required=True, help="identifiant du centre")
    dedupe.add_argument(
        "--dry-run", action="store_true", help="afficher les doublons sans rien supprimer"
    )

    for name, text in (
        ("disable-user", "désactiver un compte : plus de connexion, jetons refusés sous 30 s"),
        ("enable-user", "réactiver un compte désactivé (nouvelle connexion nécessaire)"),
        ("delete-user", "supprimer définitivement un compte Cognito (avec --yes)"),
    ):
        account = commands.add_parser(name, parents=[inherited], help=text)
        account.add_argument("--email", required=True)
        if name == "delete-user":
            account.add_argument(
                "--yes", action="store_true", help="confirmer la suppression définitive"
            )
    backfill = commands.add_parser(
        "backfill-memberships",
        parents=[inherited],
        help="compléter les appartenances d'avant les écrans « Équipe » (adresse, noms)",
    )
    backfill.add_argument(
        "--dry-run", action="store_true", help="compter ce qui serait complété sans écrire"
    )

    queues = commands.add_parser(
        "backfill-processing",
        parents=[inherited],
        help="ranger dans les files de traitement Pix les sessions finalisées avant elles"
        " et rendre leurs signalements modifiables par leur identifiant",
    )
    queues.add_argument(
        "--dry-run", action="store_true", help="compter ce qui serait fait sans écrire"
    )

    sweep = commands.add_parser(
        "sweep",
        parents=[inherited],
        help="passer la règle des 48 h maintenant (ou à l'instant --at) et notifier",
    )
    sweep.add_argument(
        "--at",
        type=_instant,
        help="instant UTC ISO 8601, ex. 2026-12-03T10:00:00Z (défaut : maintenant)",
    )
    return parser


def _instant(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"instant invalide : {value}") from error
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"précisez le fuseau (Z pour UTC) : {value}")
    return moment.astimezone(UTC)


# --- Configuration ---------------------------------------------------------------------------


def _configure(options: argparse.Namespace) -> Settings:
    """Set the environment before any boto3 client exists, then read the settings."""
    if options.local and options.stack_name:
        raise DomainError("INVALID_OPTIONS", "--local et --stack-name s'excluent mutuellement.")
    overrides: dict[str, str] = {}
    if options.local:
        stack = read_local_stack(stack_file())
        os.environ.update({str(k): str(v) for k, v in stack["environment"].items()})
        # Local credentials must win over a developer's profile.
        os.environ.pop("AWS_PROFILE", None)
    # This is the composition root: settings and clients follow the environment as it is now.
    get_settings.cache_clear()
    aws.reset()
    if options.stack_name:
        from shared.adapters.cloudformation import stack_resources

        resources = stack_resources(options.stack_name, client=aws.cloudformation)
        overrides.update(
            {
                field: resources[logical]
                for logical, field in _STACK_RESOURCES.items()
                if logical in resources
            }
        )
    flags = {
        "table_name": options.table,
        "user_pool_id": options.user_pool_id,
        "user_pool_client_id": options.client_id,
    }
    overrides.update({field: value for field, value in flags.items() if value})
    settings = get_settings().with_values(**overrides)
    missing = [
        name
        for name, value in (
            ("TABLE_NAME (--table)", settings.table_name),
            ("USER_POOL_ID (--user-pool-id)", settings.user_pool_id),
            ("USER_POOL_CLIENT_ID (--client-id)", settings.user_pool_client_id),
        )
        if not value
    ]
    if missing:
        raise DomainError(
            "MISSING_CONFIGURATION",
            f"Configuration incomplète, il manque : {', '.join(missing)}. Utilisez --local "
            "(pile de `make run`), --stack-name NOM (stage déployé) ou les options ci-dessus.",
        )
    return settings


# --- Commands --------------------------------------------------------------------------------


def _create_center(options: argparse.Namespace, deps: Dependencies) -> None:
    center = Center(
        id=options.id,
        name=options.name,
        type=CenterType(options.type),
        timezone=options.timezone,
        external_id=options.uai,
    )
    admin.create_center(deps, center)
    zone = timezone_label(center.timezone, deps.clock())
    print(
        f"Centre enregistré : {center.id} — {center.name} ({zone}, {center.timezone}, "
        f"UAI {options.uai})"
    )


def _create_user(options: argparse.Namespace, deps: Dependencies) -> None:
    if options.role and not options.center:
        raise DomainError("INVALID_OPTIONS", "--role n'a de sens qu'avec --center.")
    existed = deps.identity_provider.find_user_id(normalize_email(options.email)) is not None
    password = options.temporary_password or admin.generate_temporary_password(deps.rng)
    profile = admin.create_user(
        deps,
        NewUser(
            email=options.email,
            first_name=options.first_name,
            last_name=options.last_name,
            center_id=options.center,
            role=Role(options.role or Role.ADMIN),
            temporary_password=password,
        ),
    )
    verb = "existant, mis à jour" if existed else "créé"
    print(f"Utilisateur {verb} : {profile.email} (id {profile.id})")
    if options.center:
        print(f"Membre du centre {options.center} : {options.role or Role.ADMIN.value}")
    if not existed:
        print(f"Mot de passe temporaire : {password}")
        print("(à changer à la première connexion)")


def _grant_pix_admin(options: argparse.Namespace, deps: Dependencies) -> None:
    admin.grant_pix_admin(deps, options.email)
    print(f"Droits équipe Pix ({PIX_ADMIN_GROUP}) accordés à {normalize_email(options.email)}")


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%d/%m/%Y à %H:%M:%S} UTC"


def _refused_tokens(mark: Revocation) -> str:
    return (
        f"Jetons émis jusqu'au {_utc(mark.revoked_at)} : refusés par l'API d'ici "
        f"{int(REVOCATION_CACHE_MAX_AGE.total_seconds())} secondes, "
        f"et jusqu'à leur expiration (au plus tard le {_utc(mark.refused_until)})."
    )


def _disable_user(options: argparse.Namespace, deps: Dependencies) -> None:
    mark = admin.disable_user(deps, options.email)
    print(f"Compte désactivé : {normalize_email(options.email)} (id {mark.user_id})")
    print("Connexion impossible, sessions fermées sur tous les appareils.")
    print(_refused_tokens(mark))


def _enable_user(options: argparse.Namespace, deps: Dependencies) -> None:
    mark = admin.enable_user(deps, options.email)
    print(f"Compte réactivé : {normalize_email(options.email)}")
    if mark is None:
        print("La personne peut se connecter.")
        return
    print(
        f"La personne peut se connecter à nouveau ; ses jetons émis jusqu'au "
        f"{_utc(mark.revoked_at)} restent refusés jusqu'au {_utc(mark.refused_until)} "
        "au plus tard : elle doit se reconnecter."
    )


def _delete_user(options: argparse.Namespace, deps: Dependencies) -> None:
    if not options.yes:
        raise DomainError(
            "CONFIRMATION_REQUIRED",
            "La suppression d'un compte est définitive : ajoutez --yes pour confirmer "
            "(disable-user suffit pour couper l'accès).",
        )
    mark = admin.delete_user(deps, options.email)
    print(f"Compte supprimé : {normalize_email(options.email)} (id {mark.user_id})")
    print(_refused_tokens(mark))
    print("Son profil et ses rattachements aux centres restent dans la table.")


def _sweep(options: argparse.Namespace, deps: Dependencies) -> None:
    at = options.at or deps.clock()
    report = compliance.sweep(deps, at)
    sessions = plural(report.examined, "session à examiner", "sessions à examiner")
    print(f"Règle des 48 h au {at:%Y-%m-%dT%H:%M:%SZ} : {sessions}")
    for label, ids in (
        ("rappel envoyé (échéance dans moins de 24 h)", report.reminded),
        ("signalée en retard, notification envoyée", report.flagged),
        ("notification en échec, réessayée au prochain passage", report.failed),
    ):
        for session_id in ids:
            print(f"  session {session_id} : {label}")
    if report.emails_sent or report.emails_failed:
        print(
            "  e-mails aux administrateurs des centres : "
            f"{plural(report.emails_sent, 'envoyé', 'envoyés')}, {report.emails_failed} en échec"
        )
    if not (report.reminded or report.flagged or report.failed):
        print("  rien à signaler")


def _dedupe_roster(options: argparse.Namespace, deps: Dependencies) -> None:
    report = admin.dedupe_roster(deps, options.center, dry_run=options.dry_run)
    verb = "à retirer" if options.dry_run else "retiré"
    print(f"{plural(report.examined, 'élève examiné', 'élèves examinés')} dans {options.center}")
    for student in report.removed:
        print(
            f"  {verb} : {student.last_name} {student.first_name}"
            f" ({student.birthdate:%d/%m/%Y}, {student.division}, id {student.id})"
        )
    if not report.removed:
        print("  aucun doublon")


def _backfill_memberships(options: argparse.Namespace, deps: Dependencies) -> None:
    report = admin.backfill_memberships(deps, dry_run=options.dry_run)
    if options.dry_run:
        updated = f"{report.updated} à compléter"
    else:
        updated = plural(report.updated, "complétée", "complétées")
    print(
        f"{plural(report.users, 'compte parcouru', 'comptes parcourus')}, "
        f"{plural(report.memberships, 'appartenance examinée', 'appartenances examinées')} : "
        f"{updated}"
    )
    if report.profiles_created:
        if options.dry_run:
            missing = plural(report.profiles_created, "profil manquant", "profils manquants")
            print(f"  {missing} à créer depuis Cognito")
        else:
            created = plural(
                report.profiles_created, "profil manquant créé", "profils manquants créés"
            )
            print(f"  {created} depuis Cognito")


def _backfill_processing(options: argparse.Namespace, deps: Dependencies) -> None:
    report = processing.backfill_processing(deps, dry_run=options.dry_run)
    queued = sum(report.queued.values())
    if options.dry_run:
        finalized = plural(queued, "session finalisée", "sessions finalisées") + " à ranger"
    else:
        finalized = plural(queued, "session finalisée rangée", "sessions finalisées rangées")
    print(
        f"{plural(report.sessions_visited, 'session parcourue', 'sessions parcourues')} : "
        f"{finalized} dans les files de traitement"
    )
    for name, count in sorted(report.queued.items()):
        print(f"  {name} : {count}")
    if options.dry_run:
        indexed = plural(report.reports_indexed, "signalement", "signalements") + " à compléter"
    else:
        indexed = plural(report.reports_indexed, "signalement complété", "signalements complétés")
    print(f"{indexed} (recherche par identifiant)")
    if report.skipped:
        numbers = ", ".join(str(n) for n in report.skipped)
        changed = "session modifiée" if len(report.skipped) == 1 else "sessions modifiées"
        print(f"  {changed} entre-temps, à reprendre en relançant la commande : {numbers}")


_COMMANDS = {
    "create-center": _create_center,
    "create-user": _create_user,
    "grant-pix-admin": _grant_pix_admin,
    "disable-user": _disable_user,
    "enable-user": _enable_user,
    "delete-user": _delete_user,
    "sweep": _sweep,
    "dedupe-roster": _dedupe_roster,
    "backfill-memberships": _backfill_memberships,
    "backfill-processing": _backfill_processing,
}


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        settings = _configure(options)
        if options.command == "sweep" and not settings.topic_arn:
            raise DomainError(
                "MISSING_CONFIGURATION",
                "Le sujet SNS des notifications manque : TOPIC_ARN, --local ou --stack-name.",
            )
        _COMMANDS[options.command](options, bootstrap.dependencies(settings))
    except DomainError as error:
        print(f"{error.code}: {error.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
