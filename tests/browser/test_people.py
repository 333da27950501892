"""Keyboard only, without JavaScript, on a phone, in an iframe: it still works."""

import shutil
import subprocess

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Demand, Partner
from tests.browser.a11y import assert_accessible
from tests.browser.sites import https_site
from tests.factories import make_demand, make_service
from tests.web.team.helpers import make_member, sign_in_link


def tab_to(page, expression: str, wanted: str, limit: int = 80) -> None:
    """Press Tab until ``expression`` gives ``wanted`` (a bounded walk through the page)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(expression) == wanted:
            return
    raise AssertionError(f"{wanted} not reached with Tab")


def test_the_demand_journey_with_the_keyboard_alone(page):
    make_service()
    db.session.commit()
    page.goto("/services/mon-service")
    field = page.get_by_label("Votre code postal")
    tab_to(page, "document.activeElement.id", "code_postal")  # from the top of the page
    assert field.evaluate("element => element === document.activeElement")
    outline = field.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert not outline.startswith("none"), f"no visible focus: {outline}"
    page.keyboard.type("05110")
    page.keyboard.press("Enter")
    page.wait_for_url("**code_postal=05110**")
    tab_to(page, "document.activeElement.name", "commune")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=pas encore disponible")
    tab_to(page, "document.activeElement.id", "email")
    page.keyboard.type("clavier@exemple.fr")
    page.keyboard.press("Enter")
    page.wait_for_url("**/merci**")
    assert db.session.scalar(select(Demand.email)) == "clavier@exemple.fr"


def test_demand_and_partner_journeys_work_without_javascript(browser, live_server):
    make_service()
    db.session.commit()
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/services/mon-service")
    page.get_by_label("Votre code postal").fill("05110")
    page.get_by_role("button", name="Continuer").click()
    page.locator("label[for=commune-1]").click()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Je veux ce service ici").click()
    page.wait_for_url("**/merci**")
    page.goto("/services/mon-service/partenaire")
    page.get_by_label("Nom de l'organisation").fill("Mairie de Rennes")
    page.get_by_label("Type d'organisation").select_option("commune")
    page.locator("summary", has_text="Bretagne").click()  # <details> opens without JS
    page.locator("label", has_text="Ille-et-Vilaine (35)").click()
    page.get_by_label("Votre nom et prénom").fill("Léa Dupont")
    page.get_by_label("Votre adresse électronique professionnelle").fill("lea@rennes.fr")
    page.locator("label[for=consent]").click()
    page.get_by_role("button", name="Proposer mon organisation").click()
    page.wait_for_url("**/partenaire/merci")
    context.close()
    assert db.session.scalar(select(Demand.postal_code)) == "05110"
    assert db.session.scalar(select(Partner.organisation_name)) == "Mairie de Rennes"


def _screens(browser, live_server, artifacts, name, path, cookies=None):
    for width in (1280, 375):
        context = browser.new_context(
            base_url=live_server, bypass_csp=True, viewport={"width": width, "height": 900}
        )
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert_accessible(page)
        context.close()


def test_screens_hold_at_1280_and_375_pixels(browser, live_server, page, artifacts):
    service = make_service(name="Mon service", tagline="Grâce à Mon service, c'est simple.")
    for code in ("35000", "69001", "13001", "97400") * 3:
        make_demand(service, code)
    make_member(service, "owner@equipe.fr", "owner")
    link = sign_in_link("owner@equipe.fr")
    db.session.commit()
    _screens(browser, live_server, artifacts, "beta-page", "/services/mon-service")
    _screens(browser, live_server, artifacts, "stats", "/services/mon-service/stats")
    page.goto(link)
    page.get_by_role("button", name="Se connecter").click()
    _screens(
        browser,
        live_server,
        artifacts,
        "dashboard",
        "/equipe/services/mon-service/",
        cookies=page.context.cookies(),
    )
    where_next = "/equipe/services/mon-service/ou-ouvrir"
    _screens(browser, live_server, artifacts, "next-open", where_next, page.context.cookies())
    pdf = page.request.get("/equipe/services/mon-service/rapports/pdf").body()
    (artifacts / "report.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                str(artifacts / "report.pdf"),
                str(artifacts / "report-page"),
            ],
            check=True,
        )


def test_the_embed_form_works_framed_by_an_allowed_origin_only(browser, live_server, tmp_path):
    service = make_service()
    site = tmp_path / "site"  # the key stays out of what the site serves
    site.mkdir()
    with https_site("127.0.0.1", site, tmp_path) as origin:  # only https origins may frame
        (site / "index.html").write_text(
            f"<!doctype html><title>Site du service</title>"
            f'<iframe title="Demande" src="{live_server}/services/mon-service/embed"></iframe>'
        )
        context = browser.new_context(ignore_https_errors=True)  # the certificate is ours
        page = context.new_page()
        page.goto(f"{origin}/index.html")
        page.wait_for_load_state("load")  # the page's load waits for its iframe
        framed = page.frames[1]
        assert framed.locator("form").count() == 0  # not listed: refused
        service.embed_origins = [origin]
        db.session.commit()
        page.goto(f"{origin}/index.html")
        frame = page.frame_locator("iframe")
        frame.get_by_label("Votre code postal").fill("35000")
        with context.expect_page() as opened:
            frame.get_by_role("button", name="Continuer sur Pilotes").click()
        opened.value.wait_for_load_state()
        assert "pas encore disponible" in opened.value.locator("h1").inner_text()
        context.close()
