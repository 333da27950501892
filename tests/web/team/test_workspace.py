"""What each role does in the workspace, through its pages."""

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Membership, OutboxMessage, Service, ServiceTerritory
from tests.factories import add_volunteer, confirm_everything, make_demand, make_service
from tests.pages import field_error

FORM = "main form[novalidate]"
SEND = "form:has(button[value=envoyer])"
CONTACT = "form:has(input[value=contact])"


def test_an_editor_previews_then_saves_the_page_then_publishes(client_request):
    service = make_service(status="draft", name="Ancien nom")
    client_request.sign_in_as("editor", service)
    preview = client_request.submit(
        "team.edit_page",
        {"name": "Nouveau nom", "problem": "**Grave**", "action": "preview"},
        _status=200,
        _form=FORM,
        slug=service.slug,
    )
    assert "Nouveau nom" in preview.find(id="preview").get_text()
    assert preview.select_one("#preview strong").get_text() == "Grave"
    assert service.name == "Ancien nom"  # a preview saves nothing
    client_request.submit_form(preview, {"action": "save"}, _form=FORM)
    assert service.name == "Nouveau nom"

    client_request.submit(
        "team.edit_page",
        {"status": "published"},
        _status=303,
        _form=f"form[action='/equipe/services/{service.slug}/statut']",
        slug=service.slug,
    )
    client_request.get("public.service_page", slug=service.slug)
    # Archiving is for owners.
    client_request.post("team.change_status", {"status": "archived"}, 303, slug=service.slug)
    assert service.status == "published"


def test_page_errors_are_shown_next_to_the_field(client_request):
    service = make_service()
    client_request.sign_in_as("editor", service)
    page = client_request.submit(
        "team.edit_page", {"name": "", "contact_email": "x"}, 422, _form=FORM, slug=service.slug
    )
    assert "Saisissez le nom du service" in field_error(page, "name")
    assert "adresse électronique valide" in field_error(page, "contact_email")


def opening_emails() -> list[str]:
    query = select(OutboxMessage.to_address).where(OutboxMessage.kind == "territory_opened")
    return sorted(db.session.scalars(query))


def test_an_owner_sees_who_is_emailed_and_what_before_opening_a_territory(client_request):
    service = make_service(name="Mon service")
    make_demand(service, "33000", email="a@exemple.fr")
    make_demand(service, "33000", email="b@exemple.fr")
    make_demand(service, "35000", email="c@exemple.fr")
    confirm_everything()
    client_request.sign_in_as("owner", service)
    dashboard = client_request.get("team.dashboard", slug=service.slug)
    url = dashboard.find("a", string="Ouvrir un territoire")["href"]
    confirm = client_request.submit(
        url, {"code": "gironde", "url": "https://exemple.fr"}, 200, _form=FORM
    )
    assert confirm.h1.get_text(strip=True) == "Ouvrir Gironde (33) ?"
    assert "2 personnes recevront ce courriel" in confirm.get_text(" ", strip=True)
    email_text = confirm.find(id="email-text").get_text()
    assert "Mon service est maintenant disponible" in email_text
    assert "Gironde" in email_text and "https://exemple.fr" in email_text
    assert db.session.scalar(select(ServiceTerritory.opened_at)) is None  # nothing sent yet
    assert opening_emails() == []

    sent = {"action": "envoyer"}  # the button a browser sends with the form
    done = client_request.submit_form(confirm, sent, 200, _form=SEND, _follow=True)
    assert "Gironde est ouvert. 2 personnes vont recevoir le courriel." in done.get_text()
    assert opening_emails() == ["a@exemple.fr", "b@exemple.fr"]
    again = client_request.submit(url, {"code": "33"}, 200, _form=FORM)
    assert "Personne ne sera prévenu" in again.get_text()  # those told are not counted again


def test_an_unknown_or_ambiguous_territory_is_shown_next_to_the_field_with_its_value(
    client_request,
):
    service = make_service()
    client_request.sign_in_as("owner", service)

    def choose(code, status):
        return client_request.submit(
            "team.open_territory", {"code": code}, status, _form=FORM, slug=service.slug
        )

    page = choose("Gascogne", 422)
    assert "« Gascogne »" in field_error(page, "code")
    assert page.find(id="code")["value"] == "Gascogne"
    page = choose("Haute", 422)
    assert "Haute-Garonne (31)" in field_error(page, "code")
    assert "Haute-Loire (43)" in field_error(page, "code")
    page = choose("ain", 200)  # not Aisne
    assert page.h1.get_text(strip=True) == "Ouvrir Ain (01) ?"


def test_a_goal_is_set_by_name_and_a_word_gets_one_message(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)
    page = client_request.submit(
        "team.set_goal",
        {"goal-code": "Finistère", "goal-goal": "cinquante"},
        422,
        _form=FORM,
        slug=service.slug,
    )
    assert field_error(page, "goal-goal") == "Indiquez un nombre en chiffres, par exemple 50."
    assert page.find(id="goal-code")["value"] == "Finistère"
    # Under the published « moins de 15 », a goal could only ever read « moins de 15 ».
    page = client_request.submit_form(page, {"goal-goal": "10"}, 422, _form=FORM)
    assert field_error(page, "goal-goal") == (
        "L'objectif doit être d'au moins 15 demandes : les chiffres publics n'affichent pas "
        "de plus petit nombre (ils disent « moins de 15 »)."
    )
    assert page.find(id="goal-goal")["value"] == "10"
    client_request.submit_form(page, {"goal-goal": "15"}, 303, _form=FORM)
    goal = select(ServiceTerritory.goal).where(ServiceTerritory.code == "29")
    assert db.session.scalar(goal) == 15


def test_an_editor_works_a_volunteer_through_its_page(client_request):
    service = make_service(contact_limit_per_month=1)
    volunteer = add_volunteer(service)
    editor = client_request.sign_in_as("editor", service)
    values = {"slug": service.slug, "kind": "volontaires", "row_id": volunteer.id}
    contact = {"c-subject": "Un test ?", "c-message": "Mardi ?"}
    page = client_request.submit(
        "team.pipeline_row", contact, 200, _form=CONTACT, _follow=True, **values
    )
    assert "Message envoyé" in page.get_text()
    contact = {"c-subject": "Encore", "c-message": "?"}
    refused = client_request.submit_form(page, contact, 422, _form=CONTACT)
    assert "déjà été contactée 1 fois" in field_error(refused, "c-message")
    page = client_request.submit_form(
        refused,
        {"s-status": "participant", "s-note": "OK"},
        200,
        _form="form:has(input[value=status])",
        _follow=True,
    )
    assert "Participant" in page.get_text() and editor.email in page.get_text()
    listing = client_request.get(
        "team.pipeline", slug=service.slug, kind="volontaires", statut="participant"
    )
    assert "v@exemple.fr" in listing.get_text()


def test_owners_invite_members_and_keep_at_least_one_owner(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)
    invite = {"email": "nouveau@equipe.fr", "role": "viewer"}
    client_request.submit("team.members", invite, 303, _form=FORM, slug=service.slug)
    invitation = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "nouveau@equipe.fr")
    ).one()
    assert "/equipe/connexion/lien/" in invitation.body_text
    again = client_request.submit("team.members", invite, 422, _form=FORM, slug=service.slug)
    assert "déjà membre" in field_error(again, "email")
    own = db.session.scalar(
        select(Membership).where(Membership.service_id == service.id, Membership.role == "owner")
    )
    page = client_request.submit(
        "team.members",
        _status=200,
        _form=f"form[action$='/membres/{own.id}/retirer']",
        _follow=True,
        slug=service.slug,
    )
    assert "au moins un responsable" in page.get_text()


def test_an_admin_creates_a_service_and_its_first_owner(client_request):
    client_request.sign_in_as("admin")
    new = {
        "name": "Aides locales",
        "slug": "aides-locales",
        "level": "commune",
        "phase": "construction",
        "owner_email": "resp@commune.fr",
    }
    client_request.submit("team.admin_services", new, _form=FORM)
    service = db.session.scalar(select(Service).where(Service.slug == "aides-locales"))
    assert (service.level, service.status) == ("commune", "draft")
    assert db.session.scalar(select(Membership.role)) == "owner"
    bad = {"name": "X", "slug": "Pas bon", "owner_email": "r@c.fr"}
    assert field_error(client_request.submit("team.admin_services", bad, 422, _form=FORM), "slug")


def test_a_member_who_is_not_admin_cannot_reach_the_admin_pages(client_request):
    client_request.sign_in_as("owner", make_service())
    client_request.get("team.admin_services", _status=403)


def test_owners_set_the_threshold_and_the_embedding_sites(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)

    def settings(answers, status):
        return client_request.submit(
            "team.settings", answers, status, _form=FORM, slug=service.slug
        )

    bad = settings({"embed_origins": "pas un site"}, 422)
    assert "n'est pas une origine" in field_error(bad, "embed_origins")
    for out_of_bounds in ("4", "51", "0"):
        bad = settings({"suppression_threshold": out_of_bounds}, 422)
        assert "Entre 5 et 50" in field_error(bad, "suppression_threshold")
    insecure_origins = (
        "http://mon-service.gouv.fr",
        "HTTP://192.168.1.10:8080",
        "http://10.0.0.1",
        "http://localhost:1",  # no exception for this machine (outside review)
        "http://127.0.0.1:8080",
    )
    for insecure in insecure_origins:
        bad = settings({"embed_origins": f"https://mon-service.gouv.fr\n{insecure}"}, 422)
        assert f"« {insecure} » n'est pas sécurisé" in field_error(bad, "embed_origins")
        assert service.embed_origins == []
    origins = "https://mon-service.gouv.fr/\nhttps://127.0.0.1:8443"
    settings({"suppression_threshold": "10", "embed_origins": origins}, 303)
    assert service.suppression_threshold == 10
    assert service.embed_origins == ["https://mon-service.gouv.fr", "https://127.0.0.1:8443"]
    page = client_request.get("team.settings", slug=service.slug)
    assert "https://mon-service.gouv.fr" in page.find(id="embed_origins").get_text()


def test_the_choice_at_opening_says_earlier_demands_keep_their_promise(client_request):
    """Switching to « keep » does not keep the addresses given under the text that said
    they go at opening: the owner is told before choosing."""
    service = make_service()
    client_request.sign_in_as("owner", service)
    page = client_request.get("team.settings", slug=service.slug)
    hint = " ".join(page.select_one("label[for=after_opening] .fr-hint-text").get_text().split())
    assert "seront quand même effacées à l'ouverture de leur territoire" in hint
