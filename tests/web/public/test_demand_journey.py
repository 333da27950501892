"""The demand journey without JavaScript: postal code -> commune -> open here, or a demand."""

from sqlalchemy import select

from pilotes.domain.opening import open_territory
from pilotes.domain.privacy import consent_text
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Demand, Service
from pilotes.reports.engine import key_figures
from tests.factories import confirm_everything, make_service
from tests.pages import check_page, field_error, get_page, submit, textarea_value

START = "/services/mon-service/demande"


def demand_form_for(client, postal_code, commune=None):
    url = f"{START}?code_postal={postal_code}" + (f"&commune={commune}" if commune else "")
    return url, get_page(client, url)


def thanks_page(client, postal_code, email):
    """The page after sending the demand form of ``postal_code`` with ``email``."""
    url, soup = demand_form_for(client, postal_code)
    response = submit(
        client,
        soup,
        {"email": email},
        url,
        selector="main form[method=post]",
        follow_redirects=True,
    )
    return check_page(response)


def email_hint(soup) -> str:
    return soup.select_one("label[for=email] .fr-hint-text").get_text()


def only_demand():
    (demand,) = db.session.scalars(select(Demand)).all()
    return demand


def test_postal_code_with_one_commune_goes_straight_to_the_demand_form(client):
    make_service()
    soup = get_page(client, "/services/mon-service")
    response = submit(client, soup, {"code_postal": "35000"}, "/services/mon-service", status=200)
    page = check_page(response)
    assert "pas encore disponible à Rennes" in page.h1.get_text()
    response = submit(client, page, {}, START, selector="main form[method=post]", status=303)
    assert "/services/mon-service/merci" in response.headers["Location"]
    demand = only_demand()
    assert (demand.commune_code, demand.departement_code, demand.region_code) == (
        "35238",
        "35",
        "53",
    )
    assert demand.email is None and demand.confirmed_at is None


def test_demand_from_ambiguous_postal_code_asks_for_the_commune(client):
    make_service()
    url, soup = demand_form_for(client, "05110")
    assert "Quelle est votre commune" in soup.h1.get_text()
    radios = soup.select("input[type=radio][name=commune]")
    assert len(radios) > 2
    # Not choosing is an error shown next to the list, the postal code kept.
    page = check_page(submit(client, soup, {}, url, status=200))
    assert "Choisissez votre commune" in field_error(page, "commune")
    assert page.find("input", attrs={"name": "code_postal"})["value"] == "05110"
    assert page.title.get_text().startswith("Erreur")
    # A commune of the Alpes-de-Haute-Provence side of 05110.
    labels = {r["value"]: page.find("label", attrs={"for": r["id"]}).get_text() for r in radios}
    commune = next(code for code, label in labels.items() if "Alpes-de-Haute-Provence" in label)
    page = check_page(submit(client, page, {"commune": commune}, url, status=200))
    submit(client, page, {}, START, selector="main form[method=post]", status=303)
    demand = only_demand()
    assert (demand.commune_code, demand.departement_code, demand.postal_code) == (
        commune,
        "04",
        "05110",
    )


def test_demand_from_corsica_counts_in_corse_du_sud(client):
    service = make_service()
    url, soup = demand_form_for(client, "20000")
    assert "Ajaccio" in soup.h1.get_text()
    submit(client, soup, {}, url, selector="main form[method=post]", status=303)
    assert (only_demand().departement_code, only_demand().region_code) == ("2A", "94")
    assert key_figures(db.session, service).demands == 1


def test_demand_from_overseas_counts_in_la_reunion(client):
    make_service()
    url, soup = demand_form_for(client, "97400")
    submit(client, soup, {}, url, selector="main form[method=post]", status=303)
    assert (only_demand().commune_code, only_demand().departement_code) == ("97411", "974")


def test_unknown_or_malformed_postal_code_is_explained_next_to_the_field(client):
    make_service()
    for typed, message in (
        ("99999", "Nous ne trouvons pas"),
        ("98000", "Monaco"),
        ("7500", "5 chiffres"),
        ("", "Saisissez"),
    ):
        soup = get_page(client, f"{START}?code_postal={typed}")
        assert message in field_error(soup, "code_postal")
        assert soup.find(id="code_postal")["value"] == typed
        assert soup.find(id="error-summary").find("a", href="#code_postal")


def test_where_the_service_is_open_the_person_is_shown_where_to_use_it(client):
    service = make_service()
    open_territory(db.session, service, "35", "https://exemple.fr/ille-et-vilaine")
    soup = get_page(client, f"{START}?code_postal=35000")
    assert "est disponible à Rennes" in soup.h1.get_text()
    assert soup.find("a", href="https://exemple.fr/ille-et-vilaine")
    assert soup.find("form", method="post") is None


def test_service_open_at_commune_level_is_open_in_every_arrondissement(client):
    service = make_service(level="commune")
    open_territory(db.session, service, "75056")
    assert "est disponible" in get_page(client, f"{START}?code_postal=75011").h1.get_text()
    assert "pas encore disponible" in get_page(client, f"{START}?code_postal=69001").h1.get_text()


def test_form_errors_are_shown_next_to_each_field_and_answers_are_kept(client):
    make_service()
    url, soup = demand_form_for(client, "35000")
    response = submit(
        client,
        soup,
        {"email": "pas-une-adresse", "profile": "proche_aidant", "comment": "x" * 501},
        url,
        selector="main form[method=post]",
        status=422,
    )
    page = check_page(response)
    assert "adresse électronique valide" in field_error(page, "email")
    assert "500 caractères" in field_error(page, "comment")
    assert page.find(id="email")["value"] == "pas-une-adresse"
    assert textarea_value(page.find(id="comment")) == "x" * 501
    assert page.find("input", attrs={"value": "proche_aidant"}).has_attr("checked")
    summary_links = [a["href"] for a in page.find(id="error-summary").find_all("a")]
    assert "#email" in summary_links and "#comment" in summary_links
    assert db.session.scalars(select(Demand)).all() == []


def test_an_email_given_is_the_consent_and_the_thanks_page_repeats_it(client, client_request):
    make_service()
    _, soup = demand_form_for(client, "35000")
    assert soup.find(id="consent") is None  # no second box to tick
    thanks = thanks_page(client, "35000", "jeanne@exemple.fr")
    assert "jeanne@exemple.fr" in thanks.find(id="email-given").get_text()
    demand = db.session.scalar(select(Demand))
    assert demand.email == "jeanne@exemple.fr" and demand.notify and demand.consent_version
    client_request.get_url(thanks.find("a", string="Retour à la page du service")["href"])
    again = client_request.get("public.demand_thanks", slug="mon-service")
    assert "jeanne@exemple.fr" not in again.response.get_data(True)


def test_the_profile_can_be_left_unanswered_after_choosing_one(client):
    make_service()
    url, soup = demand_form_for(client, "35000")
    unanswered = soup.find("input", attrs={"name": "profile", "value": ""})
    assert unanswered.has_attr("checked")  # the default: nothing to clear
    submit(client, soup, {"profile": ""}, url, selector="main form[method=post]", status=303)
    assert db.session.scalar(select(Demand.profile)) is None


def test_altered_hidden_answers_send_the_person_back_to_the_postal_code(client):
    make_service()
    url, soup = demand_form_for(client, "35000")
    for altered in ({"commune": "75101"}, {"code_postal": "99999"}, {"code_postal": "<b>"}):
        response = submit(client, soup, altered, url, selector="main form[method=post]", status=422)
        assert "Où habitez-vous" in check_page(response).h1.get_text()
    assert db.session.scalars(select(Demand)).all() == []


def test_a_demand_form_sent_without_its_csrf_token_is_refused_without_a_500(client_request):
    make_service()
    url = client_request.url("public.demand_submit", slug="mon-service")
    # Raw: client_request would add the token this test leaves out.
    response = client_request.raw_post(url, data={"code_postal": "35000", "commune": "35238"})
    assert response.status_code == 400
    assert "formulaire a expiré" in check_page(response).get_text()


def test_the_modify_links_lead_back_to_the_postal_code_question_with_the_code_typed(client):
    """« Modifier » once led to an error (an empty code) or to the same form again, then to
    an empty field (outside review): the code typed is there to correct."""
    make_service()
    for postal_code, link_text in (("05110", "Modifier le code postal"), ("35000", "modifier")):
        _, soup = demand_form_for(client, postal_code)
        link = soup.find("main").find("a", string=link_text)
        page = get_page(client, link["href"])
        assert page.h1.get_text() == "Où habitez-vous ?"
        assert page.find("input", attrs={"name": "code_postal"})["value"] == postal_code
        assert not page.title.get_text().startswith("Erreur")


def test_asking_again_with_a_confirmed_address_is_not_told_an_email_was_sent(client):
    """The second demand of a confirmed address files nothing and sends nothing: the page
    must not say « the email we have just sent » nor that it counts where the first does
    not, and it must read the same as for a new address (no way to test an address)."""
    make_service()
    pages = []
    for postal_code in ("75002", "33000"):
        page = thanks_page(client, postal_code, "jeanne@exemple.fr")
        pages.append(page.find("main").get_text(" ", strip=True))
        confirm_everything()
    assert len(db.session.scalars(select(Demand)).all()) == 1
    text = pages[1]
    assert "venons de vous envoyer" not in text
    assert "une adresse ne compte qu'une demande, la première" in text
    assert pages[0].split("Et maintenant")[1] == text.split("Et maintenant")[1]


def test_the_email_field_shows_the_consent_text_that_says_what_the_service_does_at_opening(
    client,
):
    """The default service erases every address of a territory as it opens; one that keeps
    them must not promise otherwise: each form shows its own text, word for word."""
    erasing = make_service()
    hint = email_hint(demand_form_for(client, "35000")[1])
    assert consent_text("2026-11-v2", "demand", erasing) in hint
    assert "qu'elle la supprime après l'ouverture" in hint
    keeping = make_service(slug="garde", name="Garde", after_opening="keep", retention_days=200)
    hint = email_hint(get_page(client, "/services/garde/demande?code_postal=35000"))
    assert consent_text("2026-11-k1", "demand", keeping) in hint
    assert "la supprime après l'ouverture" not in hint
    assert "au plus 200 jours après ma demande" in hint and "une fois le service ouvert" in hint


def send_demand_form(client, url, soup, fields):
    submit(client, soup, fields, url, selector="main form[method=post]", status=303)


def test_a_demand_records_the_version_of_the_text_its_form_showed(client):
    """From the row alone, anyone can print the very text its person read."""
    service = make_service(after_opening="keep")
    url, soup = demand_form_for(client, "35000")
    send_demand_form(client, url, soup, {"email": "garde@exemple.fr"})
    demand = only_demand()
    assert demand.consent_version == "2026-11-k1"
    assert consent_text(demand.consent_version, "demand", service) in email_hint(soup)


def test_a_form_shown_before_the_team_chose_to_keep_addresses_records_the_erasure_it_promised(
    client,
):
    service = make_service()
    url, soup = demand_form_for(client, "35000")
    with unit_of_work():
        db.session.get(Service, service.id).after_opening = "keep"
    send_demand_form(client, url, soup, {"email": "avant@exemple.fr"})
    demand = only_demand()
    assert demand.consent_version == "2026-11-v2"
    assert consent_text(demand.consent_version, "demand", service) in email_hint(soup)


def test_a_consent_version_no_form_shows_records_the_one_the_form_shows_now(client):
    """A forged version would name a text nobody read (or none, and break the data copy)."""
    make_service(after_opening="keep")
    url, soup = demand_form_for(client, "35000")
    fields = {"email": "forge@exemple.fr", "consentement": "2026-11-t1"}
    send_demand_form(client, url, soup, fields)
    assert only_demand().consent_version == "2026-11-k1"


def test_a_demand_from_an_arrondissement_is_said_counted_in_its_commune(client):
    make_service()
    _, soup = demand_form_for(client, "75011")
    assert "Paris 11e arrondissement (Paris)" in soup.find("main").get_text()
    thanks = thanks_page(client, "75011", "")
    alert = " ".join(thanks.select_one(".fr-alert").get_text(" ", strip=True).split())
    assert "elle est comptée pour Paris (Paris)." in alert
    assert only_demand().commune_code == "75056"


def test_the_thanks_page_claims_nothing_to_who_filed_nothing(client):
    make_service()
    response = client.get("/services/mon-service/merci?commune=35238&code_postal=35000")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/services/mon-service")
    thanks_page(client, "35000", "")  # a demand filed for another service says nothing here
    make_service(slug="autre-service")
    response = client.get("/services/autre-service/merci?commune=35238&code_postal=35000")
    assert response.status_code == 303


def test_a_demand_set_aside_as_automated_is_not_said_to_be_counted(client):
    make_service()
    url, soup = demand_form_for(client, "35000")
    response = submit(
        client,
        soup,
        {"site_web": "http://spam.example"},
        url,
        selector="main form[method=post]",
        follow_redirects=True,
    )
    thanks = check_page(response)
    assert thanks.h1.get_text() == "Votre demande est enregistrée"
    assert "comptée" not in thanks.find("main").get_text()
    assert only_demand().flag_reason == "honeypot"
