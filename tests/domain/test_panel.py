"""The inclusive panel: answers kept only with their own consent, apart from the volunteer,
erased on request, on withdrawal and when a round ends; rounds show their gaps and whom to
contact first."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from pilotes.domain import inclusion, panel, volunteers
from pilotes.domain.privacy import CONSENT_TEXTS, purge
from pilotes.domain.signups.core import erase, unsubscribe
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import AuditEntry, InclusionAnswers, PilotRound, Volunteer, utcnow
from pilotes.territories.lookup import resolve_postal_code
from tests.factories import confirm_everything, make_round, make_service

TODAY = inclusion.today()


def panel_volunteer(
    service,
    email,
    *,
    needs=(),
    autonomy=None,
    helped=None,
    consent=True,
    postal_code="35000",
    status=None,
):
    """A volunteer through the domain, confirmed by their link, with panel answers."""
    lookup = resolve_postal_code(db.session, postal_code)
    with unit_of_work():
        filed = volunteers.volunteer(
            db.session,
            service,
            volunteers.VolunteerRequest(
                place=lookup.places[0],
                postal_code=lookup.postal_code,
                email=email,
                ways=("test",),
                inclusion=inclusion.InclusionRequest(
                    access_needs=tuple(needs),
                    digital_autonomy=autonomy,
                    helped_online=helped,
                    consent=consent,
                ),
            ),
        )
    confirm_everything()
    row = db.session.get(Volunteer, filed.row.id)
    if status:
        row.status = status
        db.session.commit()
    return row


def answers_count() -> int:
    return db.session.scalar(select(func.count()).select_from(InclusionAnswers))


def test_answers_with_their_consent_are_kept_apart_with_its_version_and_time(app):
    service = make_service()
    volunteer = panel_volunteer(
        service, "a@exemple.fr", needs=("vision", "cognitive"), autonomy="2", helped="often"
    )
    answers = inclusion.answers_of(db.session, volunteer)
    assert (answers.access_needs, answers.digital_autonomy, answers.helped_online) == (
        ["vision", "cognitive"],
        "2",
        "often",
    )
    assert "inclusion" in CONSENT_TEXTS[answers.consent_version]
    assert utcnow() - answers.consented_at < timedelta(minutes=1)
    assert answers.groups() == {"vision", "cognitive", "low_autonomy", "helped"}
    assert not hasattr(Volunteer, "inclusion_answers")  # no path from the row to them


def test_answers_without_their_consent_are_not_stored_at_all(app):
    service = make_service()
    volunteer = panel_volunteer(
        service, "a@exemple.fr", needs=("motor",), autonomy="1", helped="never", consent=False
    )
    assert volunteer.confirmed_at is not None  # the volunteer is kept
    assert answers_count() == 0


def test_a_consent_without_answers_stores_nothing_and_unknown_answers_are_dropped(app):
    service = make_service()
    panel_volunteer(service, "a@exemple.fr")
    panel_volunteer(service, "b@exemple.fr", needs=("telepathy",), autonomy="9", helped="x")
    assert answers_count() == 0
    panel_volunteer(service, "c@exemple.fr", needs=("telepathy", "hearing"))
    assert db.session.scalar(select(InclusionAnswers.access_needs)) == ["hearing"]


def test_a_known_address_signing_up_again_changes_no_answers(app):
    service = make_service()
    panel_volunteer(service, "a@exemple.fr", needs=("vision",))
    panel_volunteer(service, "a@exemple.fr", needs=("motor",), autonomy="1")
    assert db.session.scalars(select(InclusionAnswers.access_needs)).all() == [["vision"]]


def test_erasing_or_withdrawing_removes_the_answers(app):
    service = make_service()
    erased = panel_volunteer(service, "a@exemple.fr", needs=("vision",))
    withdrawn = panel_volunteer(service, "b@exemple.fr", needs=("hearing",))
    kept = panel_volunteer(service, "c@exemple.fr", needs=("motor",))
    with unit_of_work():
        erase(db.session, volunteers.KIND, erased)
        unsubscribe(db.session, volunteers.KIND, withdrawn)
    assert db.session.scalars(select(InclusionAnswers.volunteer_id)).all() == [kept.id]


def backdate_answers(volunteer, day: date):
    db.session.execute(
        update(InclusionAnswers)
        .where(InclusionAnswers.volunteer_id == volunteer.id)
        .values(consented_at=inclusion._end_of(day) - timedelta(hours=2))
    )
    db.session.commit()


def test_purge_erases_the_answers_of_ended_rounds_and_records_it(app, runner):
    service, other = make_service(), make_service(slug="autre")
    before = panel_volunteer(service, "a@exemple.fr", needs=("vision",))
    after = panel_volunteer(service, "b@exemple.fr", needs=("vision",))
    elsewhere = panel_volunteer(other, "c@exemple.fr", needs=("vision",))
    ended = make_round(
        service, [("vision", 2)], starts_on=TODAY - timedelta(days=60), ends_on=TODAY - timedelta(1)
    )
    make_round(other, [("vision", 2)])  # still running
    backdate_answers(before, TODAY - timedelta(days=2))
    backdate_answers(after, TODAY)  # given after the round ended: waits for the next one
    backdate_answers(elsewhere, TODAY - timedelta(days=2))

    assert purge(db.session, dry_run=True).panel_answers_erased == 1
    db.session.flush()
    assert len(db.session.scalars(select(InclusionAnswers.id)).all()) == 3  # a dry run
    assert db.session.get(PilotRound, ended.id).answers_erased_at is None
    db.session.rollback()
    result = runner.invoke(args=["pilotes", "purge"])
    assert result.exit_code == 0, result.output
    assert "réponses du panel (campagnes terminées) effacés : 1" in result.output
    remaining = db.session.scalars(select(InclusionAnswers.volunteer_id)).all()
    assert sorted(remaining) == sorted([after.id, elsewhere.id])
    db.session.expire_all()
    recorded = db.session.get(PilotRound, ended.id)
    assert recorded.answers_erased == 1 and recorded.answers_erased_at is not None
    assert db.session.get(Volunteer, before.id).email == "a@exemple.fr"  # the volunteer stays
    assert runner.invoke(args=["pilotes", "purge"]).output.count("effacés : 0") >= 1


def test_purge_erases_answers_with_the_volunteer_past_retention(app):
    service = make_service(retention_days=30)
    old = panel_volunteer(service, "a@exemple.fr", needs=("vision",))
    db.session.execute(
        update(Volunteer)
        .where(Volunteer.id == old.id)
        .values(created_at=utcnow() - timedelta(days=31))
    )
    db.session.commit()
    with unit_of_work():
        purge(db.session)
    assert answers_count() == 0


def test_a_round_refuses_impossible_dates_and_quotas(app):
    service = make_service()
    with pytest.raises(panel.RoundRefused, match="date de fin"):
        make_round(service, [("vision", 1)], starts_on=TODAY, ends_on=TODAY - timedelta(days=1))
    with pytest.raises(panel.RoundRefused, match="groupe proposé"):
        make_round(service, [("telepathy", 1)])
    with pytest.raises(panel.RoundRefused, match="groupe proposé"):
        make_round(service, [("vision", 0)])
    with pytest.raises(panel.RoundRefused, match="au moins un quota"):
        make_round(service, [])


def test_progress_counts_participants_per_group_and_territory(app):
    service = make_service()
    panel_volunteer(service, "a@exemple.fr", needs=("vision",), status="participant")
    panel_volunteer(service, "b@exemple.fr", needs=("vision",), postal_code="69003")
    panel_volunteer(
        service, "c@exemple.fr", autonomy="1", status="participant", postal_code="69003"
    )
    panel_volunteer(service, "d@exemple.fr", autonomy="4", status="participant")
    pilot_round = make_round(
        service, [("vision", 2), ("vision", 1, "69"), ("low_autonomy", 1), ("helped", 3)]
    )
    found = {
        (p.quota.group, p.quota.territory_code): p for p in panel.progress(db.session, pilot_round)
    }
    assert (found[("vision", None)].filled, found[("vision", None)].missing) == (1, 1)
    assert found[("vision", None)].available == 1
    assert (found[("vision", "69")].filled, found[("vision", "69")].missing) == (0, 1)
    assert found[("low_autonomy", None)].missing == 0
    assert found[("helped", None)].missing == 3
    assert panel.missing_groups(list(found.values())) == [
        "Besoins liés à la vue",
        "Besoins liés à la vue (69)",
        "Aidées en ligne par quelqu'un",
    ]


def test_candidates_come_with_the_quota_gaps_first_and_the_contact_limit_last(app):
    service = make_service(contact_limit_per_month=1)
    no_gap = panel_volunteer(service, "a@exemple.fr", autonomy="2")
    one_gap = panel_volunteer(service, "b@exemple.fr", needs=("hearing",))
    two_gaps_but_contacted = panel_volunteer(
        service, "c@exemple.fr", needs=("hearing",), helped="often"
    )
    two_gaps = panel_volunteer(service, "d@exemple.fr", needs=("hearing",), helped="sometimes")
    panel_volunteer(service, "e@exemple.fr", autonomy="1", status="participant")
    panel_volunteer(service, "f@exemple.fr", needs=("hearing",), status="declined")
    with unit_of_work():
        volunteers.contact(db.session, two_gaps_but_contacted, "equipe", "Bonjour", "Test ?")
    pilot_round = make_round(service, [("hearing", 2), ("helped", 1), ("low_autonomy", 1)])
    found = panel.candidates(db.session, pilot_round)
    assert [c.volunteer.id for c in found] == [
        two_gaps.id,
        two_gaps_but_contacted.id,
        one_gap.id,
        no_gap.id,
    ]
    assert [c.contacts_left for c in found] == [1, 0, 1, 1]
    assert found[0].gaps_filled == ("Besoins liés à l'audition", "Aidées en ligne par quelqu'un")
    assert found[-1].gaps_filled == ()


def test_exporting_the_candidates_is_written_in_the_audit_log_first(app):
    from tests.web.team.helpers import make_member

    service = make_service()
    panel_volunteer(service, "a@exemple.fr", needs=("vision",))
    user = make_member(service, "owner@equipe.fr", "owner").user
    pilot_round = make_round(service, [("vision", 1)])
    with unit_of_work():
        export = panel.candidates_csv(db.session, pilot_round, user)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_panel"))
    assert (entry.rows, entry.details["round"]) == (1, pilot_round.id)
    assert [row[1] for row in export.rows] == ["a@exemple.fr"]
