"""What a citizen, a team and a sponsor see, at 1280 and 375 px, with axe on every state."""

from pilotes.domain.goals import set_goal
from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from pilotes.infra.signing import signup_links as email_links
from tests.browser.a11y import assert_accessible
from tests.email_links import BASE_URL
from tests.factories import confirm_everything, make_demand, make_service

LONG = "Un texte qui explique le problème en détail. " * 30
WIDTHS = (1280, 375)


def visit(browser, live_server, path: str, width: int, javascript: bool = True):
    context = browser.new_context(
        base_url=live_server,
        bypass_csp=True,
        viewport={"width": width, "height": 800},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto(path)
    return context, page


def tabs_to_postal_code(page, limit: int = 40) -> int:
    """How many Tab presses, from the top of the page, reach the postal code field."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "code_postal":
            return presses
    raise AssertionError("the postal code field is not reached with Tab")


def busy_service():
    """A service whose beta page is long: problem, description, goals, open territories."""
    service = make_service(
        name="Mon service",
        tagline="Grâce à Mon service, demander une aide prend dix minutes.",
        problem=LONG,
        description=LONG,
        phase="acceleration",
    )
    for code in ("35000", "35000", "29200", "69001", "13001", "97400") * 2:
        make_demand(service, code, email=f"p{code}{id(code)}@exemple.fr")
    confirm_everything()
    for code in ("35", "29", "69", "13", "33", "59"):
        set_goal(db.session, service, code, 50)
    open_territory(db.session, service, "75", "https://exemple.fr")
    open_territory(db.session, service, "974")
    db.session.commit()
    return service


def test_on_a_phone_the_postal_code_field_is_in_the_first_screen(browser, live_server, artifacts):
    busy_service()
    for width in WIDTHS:
        context, page = visit(browser, live_server, "/services/mon-service", width)
        top = page.get_by_label("Votre code postal").bounding_box()["y"]
        if width == 375:
            assert top < 700, f"the postal code field starts at {top}px on a phone"
            presses = tabs_to_postal_code(page)
            assert presses <= 5, f"{presses} Tab presses before the postal code"
        page.screenshot(path=str(artifacts / f"beta-page-first-{width}.png"), full_page=True)
        assert_accessible(page)
        context.close()


def test_a_hidden_count_is_worded_for_citizens_never_masque(browser, live_server, artifacts):
    service = make_service(name="Mon service")
    for _ in range(3):  # Ille-et-Vilaine: 3, small; Finistère: 6, hidden with it (same région)
        make_demand(service, "35000", email=f"a{_}@exemple.fr")
    for n in range(6):
        make_demand(service, "29200", email=f"b{n}@exemple.fr")
    confirm_everything()
    set_goal(db.session, service, "29", 50)
    db.session.commit()
    for width in WIDTHS:
        context, page = visit(browser, live_server, "/services/mon-service", width)
        goals = page.locator("#goals").inner_text()
        assert "demandes confirmées, pour un objectif de 50" in " ".join(goals.split())
        assert "masqué" not in page.locator("main").inner_text()
        page.screenshot(path=str(artifacts / f"goals-hidden-{width}.png"), full_page=True)
        assert_accessible(page)
        page.goto("/services/mon-service/territoires/29")
        assert "masqué" not in page.locator("main").inner_text()
        assert_accessible(page)
        context.close()


def test_footer_legal_and_cookie_pages(browser, live_server, artifacts):
    make_service()
    db.session.commit()
    for width in WIDTHS:
        context, page = visit(browser, live_server, "/services/mon-service", width)
        footer = page.get_by_role("contentinfo")
        for site in (
            "info.gouv.fr",
            "service-public.gouv.fr",
            "legifrance.gouv.fr",
            "data.gouv.fr",
        ):
            assert footer.get_by_role("link", name=site).get_attribute("href") == f"https://{site}"
        footer.get_by_role("link", name="Cookies").click()
        assert "strictement nécessaire" in page.locator("main").inner_text()
        page.screenshot(path=str(artifacts / f"cookies-{width}.png"), full_page=True)
        assert_accessible(page)
        page.get_by_role("contentinfo").get_by_role("link", name="Mentions légales").click()
        assert page.get_by_role("heading", name="Directeur ou directrice de la publication")
        assert_accessible(page)
        page.goto("/services/mon-service/embed")
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)
        context.close()


def test_a_volunteer_with_a_code_of_several_communes_is_asked_which_not_scolded(page, artifacts):
    make_service(name="Mon service")
    db.session.commit()
    page.goto("/services/mon-service/volontaire")
    assert_accessible(page)
    page.get_by_label("Votre code postal").fill("05110")
    page.get_by_label("Votre adresse électronique").fill("vol@exemple.fr")
    page.locator("label[for=ways-0]").click()
    page.locator("label[for=consent]").click()
    page.get_by_role("button", name="Je me porte volontaire").click()
    page.get_by_role("group", name="Votre commune").wait_for()
    assert page.locator("#error-summary").count() == 0  # a question, not a mistake
    assert page.locator(".fr-message--error").count() == 0
    page.screenshot(path=str(artifacts / "volunteer-communes-1280.png"), full_page=True)
    assert_accessible(page)
    page.locator("label[for=commune-0]").click()
    page.get_by_role("button", name="Je me porte volontaire").click()
    page.wait_for_url("**/volontaire/merci")
    assert_accessible(page)


def test_pages_that_end_a_journey_lead_somewhere(browser, live_server, artifacts):
    service = make_service(name="Mon service")
    demand = make_demand(service, "35000", email="fin@exemple.fr").row
    erase = email_links("demand", demand.id)["erase_url"].removeprefix(BASE_URL)
    unsubscribe = email_links("demand", demand.id)["unsubscribe_url"].removeprefix(BASE_URL)
    db.session.commit()
    for width in WIDTHS:
        context, page = visit(browser, live_server, "/e/effacer/abc", width)
        assert page.locator("#next-steps a").count() >= 2
        assert_accessible(page)
        context.close()
    context, page = visit(browser, live_server, unsubscribe, 375)
    page.get_by_role("button").filter(has_text="courriel").first.click()
    page.locator("#next-steps").get_by_role("link", name="Voir la page de Mon service").wait_for()
    assert_accessible(page)
    page.goto(erase)
    page.get_by_role("button", name="Effacer mes données").click()
    assert "Vos données sont effacées" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.goto(erase)  # the link opened again
    assert "déjà été effacées" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Effacer mes données").count() == 0
    page.screenshot(path=str(artifacts / "erased-again-375.png"), full_page=True)
    assert_accessible(page)
    page.locator("#next-steps").get_by_role("link", name="Voir la page de Mon service").click()
    assert page.locator("h1").inner_text() == "Mon service"
    context.close()
