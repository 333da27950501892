"""« Grâce à … »: who is invited (once, within the contact rules), what an answer may hold,
moderation, withdrawal and erasure."""

import pytest
from sqlalchemy import func, select

from pilotes.domain import testimonials, testimony_moderation
from pilotes.domain.opening import open_territory
from pilotes.domain.privacy import purge, records_for
from pilotes.domain.signups.core import erase, unsubscribe
from pilotes.domain.testimonials import Answer, TestimonyError
from pilotes.domain.volunteers import KIND as VOLUNTEER
from pilotes.domain.volunteers import contact
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import AuditEntry, Demand, Service, Testimonial, User, Volunteer, utcnow
from tests.email_links import send_outbox
from tests.factories import add_volunteer, confirm_everything, make_demand, make_service
from tests.threads import run_in_app_at_once


def invitations(server):
    return sorted(m["To"] for m in server.messages if "a changé pour vous" in m["Subject"])


def people_in_35(service):
    """Asked in 35: two confirmed and told, one unsubscribed, one unconfirmed, one in Lyon,
    one set aside as automated, one invalidated.
    Volunteers in 35: one confirmed, one withdrawn, one who also asked (same address)."""
    make_demand(service, "35000", email="a@exemple.fr")
    make_demand(service, "35000", email="b@exemple.fr")
    make_demand(service, "35000", email="desinscrit@exemple.fr")
    make_demand(service, "69001", email="lyon@exemple.fr")
    make_demand(service, "35000", email="robot@exemple.fr")
    make_demand(service, "35000", email="invalide@exemple.fr")
    confirm_everything()
    for address, column in (
        ("robot@exemple.fr", "flagged_at"),
        ("invalide@exemple.fr", "invalidated_at"),
    ):
        setattr(db.session.scalar(select(Demand).where(Demand.email == address)), column, utcnow())
    make_demand(service, "35000", email="pas-confirme@exemple.fr")
    gone = db.session.scalar(select(Demand).where(Demand.email == "desinscrit@exemple.fr"))
    from pilotes.domain.demands import KIND as DEMAND

    unsubscribe(db.session, DEMAND, gone)
    add_volunteer(service, email="v@exemple.fr")
    add_volunteer(service, email="parti@exemple.fr", withdrawn_at=utcnow())
    add_volunteer(service, email="a@exemple.fr")


def open_35(service):
    with unit_of_work():
        open_territory(db.session, service, "35")


def invite(service, code="35"):
    with unit_of_work():
        return testimonials.invite(db.session, service, code, "owner@equipe.fr")


def test_an_open_territory_invites_each_person_who_may_be_emailed_once(app, runner, smtp_server):
    service = make_service(after_opening="keep")
    people_in_35(service)
    open_35(service)
    result = invite(service)
    assert (result.sent, result.over_limit) == (3, 0)
    send_outbox(runner)
    assert invitations(smtp_server) == ["a@exemple.fr", "b@exemple.fr", "v@exemple.fr"]
    # One row per invitation sent: the volunteer who also asked has none of their own.
    assert db.session.scalar(select(func.count()).select_from(Testimonial)) == 3
    # Asking again, from the web or the command line, invites nobody twice.
    assert invite(service).sent == 0
    out = runner.invoke(args=["pilotes", "invite-testimonies", "mon-service", "35"]).output
    assert "0 invitation(s)" in out
    send_outbox(runner)
    assert len(invitations(smtp_server)) == 3
    # The volunteer's invitation is a contact: it counts toward the monthly limit.
    volunteer = db.session.scalar(select(Volunteer).where(Volunteer.email == "v@exemple.fr"))
    assert [e.kind for e in volunteer.events] == ["contact"]


def test_a_territory_that_is_not_open_invites_nobody(app):
    service = make_service()
    make_demand(service, "35000", email="a@exemple.fr")
    confirm_everything()
    with pytest.raises(TestimonyError, match="pas ouvert"):
        invite(service)
    assert db.session.scalar(select(Testimonial)) is None


def test_invitations_respect_the_contact_limit(app, runner, smtp_server):
    service = make_service(after_opening="keep", contact_limit_per_month=1)
    make_demand(service, "35000", email="a@exemple.fr")
    confirm_everything()
    volunteer = add_volunteer(service, email="v@exemple.fr")
    with unit_of_work():
        contact(db.session, volunteer, "owner@equipe.fr", "Un test", "Bonjour")
    open_35(service)  # the asker is told: that is this month's one email
    result = invite(service)
    assert (result.sent, result.over_limit) == (0, 2)
    assert db.session.scalar(select(Testimonial)) is None  # so they can be invited later


def test_two_invitations_at_once_send_each_email_once(app, runner, smtp_server):
    service = make_service(after_opening="keep")
    for n in range(3):
        make_demand(service, "35000", email=f"a{n}@exemple.fr")
    confirm_everything()
    open_35(service)
    service_id = service.id
    db.session.close()

    def invite_now():
        invite(db.session.get(Service, service_id))

    assert run_in_app_at_once(app, invite_now) == []
    send_outbox(runner)
    assert invitations(smtp_server) == ["a0@exemple.fr", "a1@exemple.fr", "a2@exemple.fr"]


@pytest.fixture
def invited(app):
    """One testimonial waiting for its answer."""
    service = make_service(after_opening="keep")
    make_demand(service, "35000", email="a@exemple.fr")
    confirm_everything()
    open_35(service)
    invite(service)
    return db.session.scalar(select(Testimonial))


GOOD = Answer("Grâce à ce service, j'ai gagné une journée.", "oui", True, "prenom", "Camille")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"sentence": ""}, "sentence"),
        ({"sentence": "Une phrase\nsur deux lignes."}, "sentence"),
        ({"sentence": "Cachée \u202eeliforp"}, "sentence"),
        ({"sentence": "x" * (testimonials.SENTENCE_MAX_LENGTH + 1)}, "sentence"),
        ({"helped": "peut-être"}, "helped"),
        ({"signed_as": "pseudo"}, "signed_as"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "Cam\x00ille"}, "first_name"),
        ({"first_name": "C" * (testimonials.FIRST_NAME_MAX_LENGTH + 1)}, "first_name"),
    ],
)
def test_an_answer_that_breaks_a_rule_is_refused_with_its_field(invited, changes, field):
    given = Answer(**{**GOOD.__dict__, **changes})
    assert field in testimonials.problems(given)
    with pytest.raises(TestimonyError) as refused:
        testimonials.answer(db.session, invited, given)
    assert refused.value.field == field
    assert invited.status == "invited" and invited.sentence is None


def test_the_longest_sentence_allowed_is_kept_whole(invited):
    sentence = "x" * testimonials.SENTENCE_MAX_LENGTH
    testimonials.answer(db.session, invited, Answer(sentence, "non", False))
    assert invited.sentence == sentence and invited.status == "private"


def test_without_consent_to_publish_no_name_is_kept_and_nothing_can_be_published(invited):
    testimonials.answer(db.session, invited, Answer("Rien changé.", "non", False, "prenom", "Léa"))
    assert (invited.first_name, invited.signed_as, invited.consent_version) == (None, None, None)
    with pytest.raises(testimony_moderation.ModerationError):
        moderate(invited, "publier")


def test_an_answer_is_given_once(invited):
    testimonials.answer(db.session, invited, GOOD)
    assert invited.status == "pending" and invited.consent_version == "2026-11-t1"
    with pytest.raises(TestimonyError, match="déjà répondu"):
        testimonials.answer(db.session, invited, GOOD)


def moderate(testimonial, action):
    user = db.session.scalar(select(User)) or User(email="owner@equipe.fr")
    db.session.add(user)
    db.session.flush()
    return testimony_moderation.moderate(
        db.session, testimonial.service, testimonial.id, action, user
    )


def test_moderation_moves_only_along_its_rules_and_is_logged(invited):
    testimonials.answer(db.session, invited, GOOD)
    with pytest.raises(testimony_moderation.ModerationError, match="Impossible"):
        moderate(invited, "depublier")  # not published yet
    moderate(invited, "publier")
    assert invited.status == "published" and invited.moderated_by == "owner@equipe.fr"
    with pytest.raises(testimony_moderation.ModerationError):
        moderate(invited, "refuser")  # published: unpublish first
    moderate(invited, "depublier")
    moderate(invited, "refuser")
    moderate(invited, "publier")
    moderated = AuditEntry.action.like("temoignage_%")  # not the team's own invitations
    actions = db.session.scalars(
        select(AuditEntry.action).where(moderated).order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "temoignage_publie",
        "temoignage_depublie",
        "temoignage_refuse",
        "temoignage_publie",
    ]
    with pytest.raises(testimony_moderation.ModerationError, match="inconnue"):
        moderate(invited, "effacer")


def test_a_pending_answer_without_consent_is_never_published(invited):
    """Whatever led to it (an old row, a bug), the consent is what allows publication."""
    testimonials.answer(db.session, invited, GOOD)
    invited.publish_consent = False
    with pytest.raises(testimony_moderation.ModerationError, match="pas accepté"):
        moderate(invited, "publier")


def test_a_testimonial_of_another_service_cannot_be_moderated(invited):
    testimonials.answer(db.session, invited, GOOD)
    other = make_service(slug="autre")
    user = User(email="owner@autre.fr")
    db.session.add(user)
    db.session.flush()
    with pytest.raises(testimony_moderation.ModerationError, match="n'existe pas"):
        testimony_moderation.moderate(db.session, other, invited.id, "publier", user)


def test_withdrawing_erases_the_words_and_stops_everything(invited):
    testimonials.answer(db.session, invited, GOOD)
    moderate(invited, "publier")
    testimonials.withdraw(db.session, invited)
    assert invited.status == "withdrawn" and invited.withdrawn_at is not None
    assert (invited.sentence, invited.helped, invited.first_name) == (None, None, None)
    with pytest.raises(testimony_moderation.ModerationError):
        moderate(invited, "publier")
    with pytest.raises(TestimonyError):
        testimonials.answer(db.session, invited, GOOD)


def test_erasing_the_signup_erases_its_words_even_published(invited):
    testimonials.answer(db.session, invited, GOOD)
    moderate(invited, "publier")
    demand = db.session.get(Demand, invited.signup_id)
    from pilotes.domain.demands import KIND as DEMAND

    erase(db.session, DEMAND, demand)
    assert invited.status == "erased"
    assert (invited.sentence, invited.first_name, invited.helped) == (None, None, None)


def test_the_retention_purge_erases_unpublished_words_with_the_rest(app):
    service = make_service(after_opening="keep", retention_days=30)
    volunteer = add_volunteer(service, email="v@exemple.fr")
    open_35(service)
    invite(service)
    testimonial = db.session.scalar(select(Testimonial))
    testimonials.answer(db.session, testimonial, Answer("Merci.", "oui", False))
    volunteer.created_at = utcnow().replace(year=utcnow().year - 1)
    db.session.commit()
    with unit_of_work():
        report = purge(db.session)
    assert report.erased["volunteer"] == 1
    db.session.refresh(testimonial)
    assert testimonial.status == "erased" and testimonial.sentence is None


def test_a_data_copy_includes_the_persons_testimonials(invited):
    testimonials.answer(db.session, invited, GOOD)
    records = records_for(db.session, "a@exemple.fr")
    found = testimonials.of_signups(db.session, records)
    assert [t.sentence for t in found[("demand", invited.signup_id)]] == [GOOD.sentence]


def test_withdrawing_after_an_erasure_leaves_it_erased(invited):
    testimonials.answer(db.session, invited, GOOD)
    from pilotes.domain.demands import KIND as DEMAND

    erase(db.session, DEMAND, db.session.get(Demand, invited.signup_id))
    testimonials.withdraw(db.session, invited)
    assert (invited.status, invited.withdrawn_at) == ("erased", None)


def test_erasing_a_volunteer_erases_their_testimonial(app):
    service = make_service()
    volunteer = add_volunteer(service, email="v@exemple.fr")
    open_35(service)
    invite(service)
    testimonial = db.session.scalar(select(Testimonial))
    testimonials.answer(db.session, testimonial, Answer("Merci.", "oui", False))
    erase(db.session, VOLUNTEER, volunteer)
    assert testimonial.status == "erased" and testimonial.sentence is None
