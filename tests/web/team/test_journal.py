"""The team reads and types times in Paris time, and the journal says, in French and in
date order, every export and every decision that tells, counts or changes the team."""

from datetime import UTC, datetime

from sqlalchemy import delete, select, update

from pilotes.infra.extensions import db
from pilotes.models import AUDIT_ACTIONS, AuditEntry, Demand, Membership
from tests.client_request import csv_rows
from tests.factories import confirm_everything, make_demand, make_service

FORM = "main form[novalidate]"
SEND = "form:has(button[value=envoyer])"
# 11 h 19 in Paris (winter: UTC+1).
MOMENT = datetime(2026, 11, 25, 10, 19, 42, tzinfo=UTC)


def sign_in_owner(client_request, service):
    """The owner, signed in, with a journal that does not show their own arrival."""
    owner = client_request.sign_in_as("owner", service)
    db.session.execute(delete(AuditEntry))
    db.session.commit()
    return owner


def journal(client_request, service) -> list[list[str]]:
    page = client_request.get("team.audit_log", slug=service.slug)
    header = [th.get_text(strip=True) for th in page.select("#audit thead th")]
    assert header[0] == "Date (heure de Paris)"
    rows = page.select("#audit tbody tr")
    return [[td.get_text(" ", strip=True) for td in row.find_all("td")] for row in rows]


def test_the_demands_export_and_the_journal_give_paris_time(client_request):
    service = make_service()
    make_demand(service, "35000")
    db.session.execute(update(Demand).values(created_at=MOMENT))
    db.session.commit()
    sign_in_owner(client_request, service)
    rows = csv_rows(client_request.response("team.demands_export", slug=service.slug))
    assert rows[1][rows[0].index("faite le")] == "2026-11-25 11:19+01:00"
    db.session.execute(update(AuditEntry).values(created_at=MOMENT))
    db.session.commit()
    ((when, _who, what, *_),) = journal(client_request, service)
    assert (when, what) == ("25 novembre 2026 à 11 h 19", "Export des demandes (CSV)")


def test_moderation_times_are_typed_and_shown_in_paris_time(client_request):
    service = make_service()
    make_demand(service, "35000", email="a@exemple.fr")
    confirm_everything()
    db.session.execute(update(Demand).values(created_at=MOMENT))  # 11 h 19 in Paris
    db.session.commit()
    sign_in_owner(client_request, service)
    form = client_request.get("team.moderation", slug=service.slug)
    assert (
        form.find("label", {"for": "since"})
        .get_text(" ", strip=True)
        .startswith("Depuis (heure de Paris")
    )

    def preview(since: str):
        return client_request.submit(
            "team.moderation",
            {"since": since, "action": "preview"},
            200,
            _form=FORM,
            slug=service.slug,
        )

    page = preview("2026-11-25T11:30")
    assert page.find(id="matching").get_text(strip=True) == "0 demande(s) correspondent."
    page = preview("2026-11-25T11:00")
    assert page.find(id="matching").get_text(strip=True) == "1 demande(s) correspondent."
    client_request.submit_form(page, {"action": "confirm"}, 303, _form=FORM)
    assert db.session.scalar(select(Demand.invalidated_at)) is not None
    ((_when, _who, what, _rows, details),) = journal(client_request, service)
    assert what == "Demandes invalidées"
    assert details == "depuis : 25 novembre 2026 à 11 h 00"


def test_opening_closing_and_the_team_changes_are_in_the_journal_newest_first(client_request):
    service = make_service()
    make_demand(service, "33000", email="a@exemple.fr")
    confirm_everything()
    owner = sign_in_owner(client_request, service)
    confirm = client_request.submit(
        "team.open_territory", {"code": "33"}, 200, _form=FORM, slug=service.slug
    )
    client_request.submit_form(confirm, {"action": "envoyer"}, 303, _form=SEND)
    invite = {"email": "nouveau@equipe.fr", "role": "viewer"}
    client_request.submit("team.members", invite, 303, _form=FORM, slug=service.slug)
    new = db.session.scalar(select(Membership).where(Membership.role == "viewer"))
    values = {"slug": service.slug, "membership_id": new.id}
    client_request.post("team.member_role", {"role": "editor"}, 303, **values)
    client_request.post("team.member_remove", {}, 303, **values)
    client_request.post("team.close_territory", {"code": "33"}, 303, slug=service.slug)

    shown = journal(client_request, service)
    assert [(who, what, rows) for _when, who, what, rows, _details in shown] == [
        (owner.email, "Territoire fermé", "—"),
        (owner.email, "Membre retiré de l'équipe", "—"),
        (owner.email, "Rôle d'un membre modifié", "—"),
        (owner.email, "Membre de l'équipe invité", "—"),
        (owner.email, "Territoire ouvert (personnes prévenues par courriel)", "1"),
    ]
    assert shown[0][4] == "territoire : Gironde (33)"
    assert shown[1][4].startswith("membre : nouveau@equipe.fr ; rôle : Édition")
    assert not {what for _when, _who, what, *_ in shown} & set(AUDIT_ACTIONS)


def test_the_journal_is_in_date_order_whatever_order_rows_were_written(client_request):
    """The demo dates its recordings back: written last, they happened first."""
    service = make_service()
    owner = sign_in_owner(client_request, service)
    client_request.response("team.demands_export", slug=service.slug)  # 1st row: today
    db.session.add(
        AuditEntry(
            service_id=service.id,
            actor="mediateur@exemple.fr",
            action="demand_accompanied",
            rows=1,
            details={},
            created_at=MOMENT.replace(year=2025),  # 2nd row: a year ago
        )
    )
    db.session.commit()
    shown = journal(client_request, service)
    assert [(who, what) for _when, who, what, *_ in shown] == [
        (owner.email, "Export des demandes (CSV)"),
        ("mediateur@exemple.fr", "Demande accompagnée enregistrée par un médiateur"),
    ]
