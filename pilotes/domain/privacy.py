"""RGPD: consent texts by version, erasure past retention, a copy of one's data."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import UniqueConstraint, delete, select
from sqlalchemy.orm import Session

from pilotes.domain import inclusion
from pilotes.domain.email_address import email_key
from pilotes.domain.form_tokens import forget_spent_form_tokens
from pilotes.domain.signups.core import erase
from pilotes.domain.signups.kinds import kinds
from pilotes.infra import signing
from pilotes.infra.outbox import enqueue, once_per_quarter_hour
from pilotes.infra.site_links import site_links
from pilotes.models import Demand, OutboxMessage, Service, SignInLink, utcnow

# The consent texts people agreed to, by version: only ever appended to, never edited, so
# that the version stored with each signup says exactly what the person read.
_FIRST_TEXTS = {
    "demand": "J'accepte que l'équipe de {service} conserve mon adresse électronique pour "
    "me prévenir de l'ouverture du service dans mon territoire, au plus {months} "
    "mois, et qu'elle la supprime après l'ouverture.",
    "volunteer": "J'accepte que l'équipe de {service} me contacte pour les tests, au plus "
    "{limit} fois par mois, et conserve mes réponses au plus {months} mois.",
    "partner": "J'accepte que l'équipe de {service} conserve ces informations pour "
    "organiser l'expérimentation et me recontacter.",
}
CONSENT_TEXTS = {
    "2026-11-v1": _FIRST_TEXTS,
    # v2 adds the separate, explicit consent of the inclusive panel's answers (health-related
    # data, RGPD art. 9.2.a); the other texts are v1's, word for word.
    "2026-11-v2": {
        **_FIRST_TEXTS,
        "inclusion": "J'accepte que l'équipe de {service} conserve mes réponses sur mes besoins "
        "d'accessibilité, mon autonomie numérique et l'aide que je reçois en ligne, qui "
        "peuvent révéler des informations sur ma santé, pour inviter aux tests des personnes "
        "de tous profils. Seuls les membres de l'équipe chargés des tests les voient ; elles "
        "ne sont jamais publiées et sont effacées à la fin de la campagne de tests, au plus "
        "tard après {months} mois, ou dès que je le demande.",
    },
    # The separate consent to publish a testimonial (« Grâce à … »), asked on its own form.
    "2026-11-t1": {
        "testimony": "J'accepte que l'équipe de {service} publie ma phrase sur la page du "
        "service et dans son rapport de preuve, signée de mon prénom ou « Anonyme » selon "
        "mon choix, avec le nom de mon territoire. Je peux la retirer à tout moment avec le "
        "lien de mon courriel.",
    },
    # Read out by a mediator to a person without email (domain.mediators), who answers orally.
    "2026-11-m1": {
        "accompanied": "Acceptez-vous que j'enregistre pour vous, auprès de l'équipe de "
        "{service}, que vous souhaitez ce service dans votre commune ? Seuls votre code "
        "postal et votre commune sont enregistrés, sans votre nom ni vos coordonnées ; ils "
        "servent à compter les demandes par territoire. Notre organisation reste liée à "
        "cette demande au plus {months} mois ; vous pouvez nous demander à tout moment de "
        "la supprimer.",
    },
    # The demand's text for a service that keeps addresses once the territory opens
    # (Service.after_opening "keep"): v2's says they are erased then. The address is erased
    # ``retention_days`` after the demand (purge), and used after the opening only for the
    # one invitation to testify (domain.testimonials).
    "2026-11-k1": {
        "demand": "J'accepte que l'équipe de {service} conserve mon adresse électronique au "
        "plus {days} jours après ma demande, pour me prévenir de l'ouverture du service dans "
        "mon territoire puis, une fois le service ouvert, pour m'inviter une seule fois à dire "
        "ce qu'il a changé pour moi. Je peux à tout moment ne plus recevoir ses courriels ou "
        "faire effacer mon adresse.",
    },
}
# The demand text a service's form shows, by what becomes of the addresses when a territory
# opens (Service.after_opening); the demand stores its version.
DEMAND_CONSENT_VERSIONS = {"erase": "2026-11-v2", "keep": "2026-11-k1"}
# The versions whose demand text lets the address outlive the opening: a demand that agreed
# to any other is erased at opening, whatever the service says by then (domain.opening).
KEPT_AFTER_OPENING = ("2026-11-k1",)
SENT_MAIL_KEPT = timedelta(days=30)
SIGN_IN_LINKS_KEPT = timedelta(days=1)


def latest_consent_version(kind: str) -> str:
    """The newest version holding a text for ``kind`` (versions are only appended); for a
    demand, ``demand_consent_version``."""
    return next(v for v in reversed(CONSENT_TEXTS) if kind in CONSENT_TEXTS[v])


def demand_consent_version(service, shown: str | None = None) -> str:
    """The version of the demand text ``service``'s form shows now; or ``shown``, the one
    the person's page showed, when a form may show it (the team changed what becomes of
    the addresses in between): a demand records what its person read."""
    if shown in DEMAND_CONSENT_VERSIONS.values():
        return shown
    return DEMAND_CONSENT_VERSIONS[service.after_opening]


def consent_text(version: str, kind: str, service: Service) -> str:
    return CONSENT_TEXTS[version][kind].format(
        service=service.name,
        days=service.retention_days,
        months=max(1, service.retention_days // 30),
        limit=service.contact_limit_per_month,
    )


@dataclass
class PurgeReport:
    erased: dict[str, int] = field(default_factory=dict)
    mails_deleted: int = 0
    links_deleted: int = 0
    panel_answers_erased: int = 0  # answers of pilot rounds that have ended


def purge(session: Session, dry_run: bool = False) -> PurgeReport:
    """Erase personal data past each service's retention, and panel answers once their
    round has ended; counts stay."""
    report = PurgeReport()
    now = utcnow()
    report.panel_answers_erased = inclusion.erase_after_ended_rounds(
        session, inclusion.today(), dry_run=dry_run
    )
    for service in session.scalars(select(Service)):
        limit = now - timedelta(days=service.retention_days)
        for name, kind in kinds().items():
            model = kind.model
            rows = session.scalars(
                select(model).where(
                    model.service_id == service.id,
                    model.created_at < limit,
                    model.erased_at.is_(None),
                    model.email.is_not(None),
                )
            ).all()
            report.erased[name] = report.erased.get(name, 0) + len(rows)
            if not dry_run:
                for row in rows:
                    erase(session, kind, row)
        report.erased["accompanied"] = report.erased.get("accompanied", 0) + _detach_mediators(
            session, service, limit, now, dry_run
        )
    old_mail = OutboxMessage.created_at < now - SENT_MAIL_KEPT
    done = OutboxMessage.sent_at.is_not(None) | OutboxMessage.failed_at.is_not(None)
    old_links = SignInLink.created_at < now - SIGN_IN_LINKS_KEPT
    if dry_run:
        report.mails_deleted = len(
            session.scalars(select(OutboxMessage.id).where(old_mail, done)).all()
        )
        report.links_deleted = len(session.scalars(select(SignInLink.id).where(old_links)).all())
    else:
        report.mails_deleted = session.execute(delete(OutboxMessage).where(old_mail, done)).rowcount
        report.links_deleted = session.execute(delete(SignInLink).where(old_links)).rowcount
        forget_spent_form_tokens(session)
    return report


def _detach_mediators(session: Session, service: Service, limit, now, dry_run: bool) -> int:
    """Accompanied demands past retention forget which mediator recorded them (who could
    tell whom they helped, and when) and the reference it gave; they still count, as
    accompanied."""
    rows = session.scalars(
        select(Demand).where(
            Demand.service_id == service.id,
            Demand.created_at < limit,
            Demand.mediator_id.is_not(None),
        )
    ).all()
    if not dry_run:
        for row in rows:
            row.mediator_id = row.reference = None
            row.erased_at = row.erased_at or now
    return len(rows)


# ---------------------------------------------------------------------------- data copy


def records_for(session: Session, address: str) -> list[tuple[str, object]]:
    """Every confirmed signup (kind, row) made with ``address``, in any service."""
    return _records_for_key(session, email_key(address))


def _records_for_key(session: Session, key: str) -> list[tuple[str, object]]:
    found = []
    for name, kind in kinds().items():
        model = kind.model
        rows = session.scalars(
            select(model)
            .where(
                model.email_key == key,
                model.confirmed_at.is_not(None),
                model.erased_at.is_(None),
            )
            .order_by(model.id)
        ).all()
        found += [(name, row) for row in rows]
    return found


def send_data_copy_link(session: Session, address: str, now: datetime | None = None) -> None:
    """Email a link to one's data, to a confirmed address only; says nothing.

    The mail goes to the address as the signups stored it, not as typed this time (the
    link shows the rows of the normalised address, so its owner is the one to read it), and
    at most once per address and quarter of an hour (a clock quarter: the outbox's dedupe
    key), the same answer page either way: the form cannot flood a mailbox."""
    records = records_for(session, address)
    if not records:
        return
    key = email_key(address)
    now = now or utcnow()
    enqueue(
        session,
        "data_copy",
        records[0][1].email,
        "Vos données sur Pilotes",
        {
            # The link carries the address's keyed hash, not the address: a mailbox
            # forwarded or a link pasted somewhere does not hand the address on.
            "copy_url": site_links().data_copy(signing.sign(signing.DATA_COPY, key)),
            "valid_hours": signing.DATA_COPY.max_age // 3600,
        },
        dedupe_key=once_per_quarter_hour(f"data-copy:{key}", now),
    )


def records_from_copy_link(session: Session, token: str) -> list[tuple[str, object]] | None:
    """The signups a data-copy link shows, or None for a bad or expired link."""
    try:
        key, _ = signing.unsign(signing.DATA_COPY, token)
    except signing.TokenInvalid:
        return None
    return _records_for_key(session, key) if isinstance(key, str) else None


# ---------------------------------------------------------------------------- key rotation


def rehash_email_keys(session: Session) -> int:
    """Recompute every ``email_key`` from the stored address, with the current
    ``EMAIL_KEY_SECRET`` and ``normalize_email``; no commit.

    Run after changing the secret, app stopped, and at every deploy (Procfile's postdeploy:
    it changes nothing when nothing changed), so that a new spelling rule (``+tag`` dropped
    for every domain) holds between old rows and new ones. Rows without an address (erased)
    keep no key. Two rows of one service that now share a mailbox (``a+1@x``, ``a+2@x``)
    stay two rows: the oldest takes the new key, the other keeps its own, and any new
    signup from that mailbox meets the oldest."""
    changed = 0
    for kind in kinds().values():
        model = kind.model
        others = _unique_with_email_key(model)
        rows = session.scalars(
            select(model).where(model.email_key.is_not(None)).order_by(model.id)
        ).all()
        taken = {(*(getattr(row, c) for c in others), row.email_key) for row in rows}
        for row in rows:
            key = email_key(row.email) if row.email else None
            group = tuple(getattr(row, c) for c in others)
            if key == row.email_key or (key is not None and (*group, key) in taken):
                continue
            taken.discard((*group, row.email_key))
            taken.add((*group, key))
            row.email_key = key
            changed += 1
            session.flush()  # one by one: a key freed by an older row is free in the table
    return changed


def _unique_with_email_key(model) -> tuple[str, ...]:
    """The other columns of the model's unique constraint on ``email_key`` (the service,
    for a partner the organisation too): where two rows may not share a key."""
    for constraint in model.__table__.constraints:
        names = [column.name for column in getattr(constraint, "columns", [])]
        if isinstance(constraint, UniqueConstraint) and "email_key" in names:
            return tuple(name for name in names if name != "email_key")
    return ()
