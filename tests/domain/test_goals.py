"""Goals per territory: progress on the beta page, one email when first reached."""

import threading

from flask import render_template
from sqlalchemy import delete, select

from pilotes.domain.goals import goal_progress, set_goal
from pilotes.domain.partners import PartnerRequest, volunteer_partner
from pilotes.domain.signups.links import confirm
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage, Service
from pilotes.reports.payload import service_rule
from tests.email_links import link, parts, recipients, send_outbox, with_subject
from tests.factories import confirm_everything, make_demand, make_service, outbox_bodies
from tests.pages import get_page


def goal_emails(server):
    return with_subject(server, "Objectif atteint")


def test_progress_is_shown_on_the_beta_page(client):
    service = make_service()
    set_goal(db.session, service, "35", 40)
    for n in range(20):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    make_demand(service, "35000")
    confirm_everything()
    (progress,) = goal_progress(db.session, service)  # the team's: exact
    assert (progress.name, progress.confirmed, progress.goal, progress.percent) == (
        "Ille-et-Vilaine",
        20,
        40,
        50,
    )
    published = service_rule(service).rounded(("confirmed", "departement", "35"), 20)
    soup = get_page(client, "/services/mon-service")
    bar = soup.find("progress")
    assert (bar["max"], bar["value"]) == ("40", str(published))  # the public's: rounded
    assert "Ille-et-Vilaine" in bar.find_parent("li").get_text()
    territory = get_page(client, bar.find_parent("li").a["href"])
    assert f"{published} demandes confirmées" in territory.get_text(" ", strip=True)


def test_crossing_a_goal_emails_the_team_once(app, client, runner, smtp_server):
    service = make_service(contact_email="equipe@exemple.fr", suppression_threshold=5)
    runner.invoke(args=["pilotes", "set-goal", "mon-service", "35", "10"])  # « moins de 10 »
    for n in range(12):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    confirm_everything()
    send_outbox(runner)
    (message,) = goal_emails(smtp_server)
    assert message["To"] == "equipe@exemple.fr"
    text, _ = parts(message)
    assert "Ille-et-Vilaine" in text and "objectif de 10" in text
    assert "Le territoire Ille-et-Vilaine vient d'atteindre l'objectif" in text  # no article
    assert "le service public essaie de s'améliorer" in text
    assert "Les chiffres publics de ce territoire" in text
    assert get_page(client, link(message, "/services/mon-service/territoires/35"))


def test_crossing_a_goal_under_concurrent_confirmations_emails_once(app, runner, smtp_server):
    service = make_service(contact_email="equipe@exemple.fr", suppression_threshold=5)
    set_goal(db.session, service, "35", 10)
    for n in range(12):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    tokens = [
        body.split("/e/confirmer/", 1)[1].split()[0]
        for body in outbox_bodies(db.session.scalars(select(OutboxMessage)))
    ]
    db.session.close()
    errors = []
    barrier = threading.Barrier(len(tokens))

    def confirm_one(token):
        with app.app_context():
            try:
                barrier.wait()
                with unit_of_work():
                    assert confirm(db.session, token).outcome == "confirmed"
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm_one, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    send_outbox(runner)
    assert len(goal_emails(smtp_server)) == 1


def volunteer_partners(service, *pairs):
    for code, email in pairs:
        volunteer_partner(
            db.session,
            service,
            PartnerRequest(
                organisation_name=f"MDPH {code}",
                organisation_type="mdph",
                territory_codes=(code,),
                contact_name="Camille",
                contact_role=None,
                email=email,
            ),
        )


def test_partners_of_the_territory_hear_it_when_the_service_wants(app, runner, smtp_server):
    service = make_service(contact_email="equipe@exemple.fr", notify_partners_on_goal=True)
    volunteer_partners(service, ("35", "mdph35@exemple.fr"), ("29", "mdph29@exemple.fr"))
    set_goal(db.session, service, "35", 15)
    for n in range(40):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    confirm_everything()
    send_outbox(runner)
    assert recipients(goal_emails(smtp_server)) == [
        "equipe@exemple.fr",
        "mdph35@exemple.fr",
    ]


def test_partners_are_told_only_when_the_published_figures_say_it(
    app, runner, smtp_server, client_request
):
    """Anyone may volunteer as a partner. Told when the exact count met a goal of 6, a
    partner learnt that a count published as « moins de 15 » was 6 (outside audit): the
    team is told at the exact count, partners when the open data reads « atteint ». (A goal
    under « moins de N » is refused now; the rounding still hides the exact count.)"""
    service = make_service(
        contact_email="equipe@exemple.fr", notify_partners_on_goal=True, suppression_threshold=5
    )
    volunteer_partners(service, ("35", "curieux@exemple.fr"))
    confirm_everything()
    set_goal(db.session, service, "35", 10)
    told_when = []
    for n in range(40):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
        confirm_everything()
        send_outbox(runner)
        api = client_request.json("api.service_stats", slug=service.slug, level="departement")
        (row,) = [row for row in api["territories"] if row["code"] == "35"]
        told = "curieux@exemple.fr" in recipients(goal_emails(smtp_server))
        assert told == (row["goal_reached"] is True or bool(told_when)), (n, row)
        if told and not told_when:
            told_when.append(n + 1)
            assert row["confirmed"] is not None  # published, not « moins de 15 »
    assert told_when
    assert recipients(goal_emails(smtp_server)).count("curieux@exemple.fr") == 1
    team = [m for m in goal_emails(smtp_server) if m["To"] == "equipe@exemple.fr"]
    assert len(team) == 1  # told once, at 10


def test_partners_are_told_once_even_after_sent_mail_is_purged(app, runner, smtp_server):
    """Sent mail is deleted after a while (``pilotes purge``): the territory itself keeps
    that its partners were told, not the outbox."""
    service = make_service(notify_partners_on_goal=True)
    volunteer_partners(service, ("35", "mdph35@exemple.fr"))
    set_goal(db.session, service, "35", 15)
    for n in range(40):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    confirm_everything()
    send_outbox(runner)
    with unit_of_work():
        db.session.execute(delete(OutboxMessage))  # as the purge does, once old enough
    make_demand(service, "35000", email="encore@exemple.fr")
    confirm_everything()
    send_outbox(runner)
    assert recipients(goal_emails(smtp_server)).count("mdph35@exemple.fr") == 1


def test_a_goal_already_reached_when_set_is_reported_once(app, runner, smtp_server):
    service = make_service(contact_email="equipe@exemple.fr", suppression_threshold=5)
    for n in range(10):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    confirm_everything()
    set_goal(db.session, service, "35", 10)
    set_goal(db.session, service, "35", 10)
    send_outbox(runner)
    assert len(goal_emails(smtp_server)) == 1
    service = db.session.get(Service, service.id)
    set_goal(db.session, service, "35", 0 or None)
    assert goal_progress(db.session, service) == []


def test_a_small_count_towards_a_goal_is_not_shown_in_public(client):
    service = make_service()
    set_goal(db.session, service, "35", 40)
    make_demand(service, "35000", email="a@exemple.fr")
    confirm_everything()
    soup = get_page(client, "/services/mon-service")
    item = soup.find("a", string="Ille-et-Vilaine").find_parent("li")
    text = " ".join(item.get_text(" ", strip=True).split())
    assert "moins de 15 demandes confirmées, pour un objectif de 40" in text
    assert item.find("progress") is None
    territory = get_page(client, item.a["href"])
    assert territory.find("main").find(class_="pilotes-counter").get_text() == "moins de 15"


def test_the_pages_say_partners_are_told_only_when_the_service_tells_them(client_request):
    quiet = make_service()
    telling = make_service(slug="autre-service", notify_partners_on_goal=True)
    for service in (quiet, telling):
        set_goal(db.session, service, "35", 40)
    db.session.commit()

    def beta_page(service):
        page = client_request.get("public.service_page", slug=service.slug)
        return " ".join(page.find(id="goals").find_previous("p").get_text().split())

    assert beta_page(quiet).endswith("l'équipe du service est prévenue.")
    assert "partenaires de ce territoire sont prévenues" in beta_page(telling)
    client_request.sign_in_as("owner", quiet)
    page = client_request.get("team.set_goal", slug=quiet.slug).find("main").get_text()
    assert "Les organisations partenaires ne sont pas prévenues" in " ".join(page.split())
    client_request.sign_in_as("owner", telling)
    page = client_request.get("team.set_goal", slug=telling.slug).find("main").get_text()
    assert "les organisations partenaires du territoire aussi" in " ".join(page.split())


def test_goal_emails_agree_in_number(app):
    service = make_service()
    context = {"service": service, "territory_name": "Lozère", "figures_url": "http://x"}
    with app.test_request_context():
        team = render_template("email/goal_reached_team.txt", **context, goal=1, confirmed=1)
        many = render_template("email/goal_reached_team.txt", **context, goal=15, confirmed=1200)
        partner = render_template("email/goal_reached_partner.txt", **context, goal=1)
    assert "1 demande confirmée pour un objectif de 1." in team
    assert "1 200 demandes confirmées pour un objectif de 15." in " ".join(many.split())
    assert "l'objectif de 1 demande confirmée :" in partner
