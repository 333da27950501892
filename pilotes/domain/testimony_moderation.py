"""The team's moderation of testimonials: publish, reject, unpublish, each in the audit log."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.domain import audit
from pilotes.models import Service, Testimonial, User, utcnow

# action: (the statuses it applies to, the status it gives, the audit log's action)
ACTIONS = {
    "publier": (("pending", "rejected", "unpublished"), "published", "temoignage_publie"),
    "refuser": (("pending", "unpublished"), "rejected", "temoignage_refuse"),
    "depublier": (("published",), "unpublished", "temoignage_depublie"),
}
# What the team sees, in this order: the answers to moderate first.
ORDER = ("pending", "published", "unpublished", "rejected", "private", "invited")


class ModerationError(Exception):
    """A refusal in French for the team."""


def testimonials(session: Session, service: Service) -> list[Testimonial]:
    """A service's testimonials the team moderates (none withdrawn or erased)."""
    rows = session.scalars(
        select(Testimonial)
        .where(Testimonial.service_id == service.id, Testimonial.status.in_(ORDER))
        .order_by(Testimonial.id.desc())
    ).all()
    return sorted(rows, key=lambda t: ORDER.index(t.status))


def find(session: Session, service: Service, testimonial_id: int) -> Testimonial | None:
    """One of ``service``'s testimonials (None for another service's)."""
    testimonial = session.get(Testimonial, testimonial_id)
    return testimonial if testimonial and testimonial.service_id == service.id else None


def moderate(
    session: Session, service: Service, testimonial_id: int, action: str, user: User
) -> Testimonial:
    """Apply ``action`` to one of ``service``'s testimonials and log it; no commit.

    Only an answer whose author consented to publication can be published.
    """
    testimonial = find(session, service, testimonial_id)
    if testimonial is None:
        raise ModerationError("Ce témoignage n'existe pas.")
    if action not in ACTIONS:
        raise ModerationError("Action inconnue.")
    allowed_from, to_status, logged = ACTIONS[action]
    if testimonial.status not in allowed_from:
        raise ModerationError(
            f"Impossible : ce témoignage est « {testimonial.status_label.lower()} »."
        )
    if to_status == "published" and not testimonial.publish_consent:
        raise ModerationError("Son auteur n'a pas accepté qu'il soit publié.")
    testimonial.status = to_status
    testimonial.moderated_at = utcnow()
    testimonial.moderated_by = user.email
    audit.record(session, service, user, logged, rows=1, testimonial=testimonial.id)
    return testimonial
