"""What is kept in memory between requests, and that a change is seen at once."""

import functools

import pytest
from sqlalchemy import select, update

from pilotes import create_app
from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage, Service
from tests.client_request import ClientRequest
from tests.factories import make_demand, make_service
from tests.pages import get_page


@pytest.fixture
def kept_app(app, migrated_database):
    """The app as in production: public pages and figures kept 60 s (``app`` cleans up)."""
    return create_app("test", SQLALCHEMY_DATABASE_URI=migrated_database, PUBLIC_STATS_TTL=60)


def counter(soup) -> str:
    return soup.find(id="counter").get_text(" ", strip=True)


def test_an_anonymous_page_is_kept_for_the_ttl(kept_app, client):
    kept = kept_app.test_client()
    with kept_app.app_context():
        service = make_service()
        for _ in range(5):
            make_demand(service, "35000")
        service_id = service.id
    before = counter(get_page(kept, "/services/mon-service"))
    with kept_app.app_context():
        for _ in range(30):
            make_demand(db.session.get(Service, service_id), "75001")
    # Counting a demand changes no service: the page and its figures stay as kept,
    # where an app keeping nothing (``client``) shows the new count.
    assert counter(get_page(kept, "/services/mon-service")) == before
    assert counter(get_page(client, "/services/mon-service")) != before


def test_a_change_to_the_service_or_its_territories_is_seen_at_once(kept_app):
    browser = ClientRequest.browser(kept_app)
    page = functools.partial(browser.get, "public.service_page", slug="mon-service")
    with kept_app.app_context():
        service_id = make_service().id
    assert "Mon service" in page().get_text()
    with kept_app.app_context():
        service = db.session.get(Service, service_id)
        service.name = "Service renommé"
        db.session.commit()
    assert "Service renommé" in page().title.get_text()
    with kept_app.app_context():
        open_territory(db.session, db.session.get(Service, service_id), "35", "https://ex.fr/35")
        db.session.commit()  # the caller's unit of work
    assert page().find("a", href="https://ex.fr/35")
    with kept_app.app_context():  # a bulk UPDATE too
        db.session.execute(update(Service).values(status="draft"))
        db.session.commit()
    browser.get("public.demand_start", _status=404, slug="mon-service")
    page(_status=404)


def test_a_visitor_with_a_session_never_gets_a_kept_page_nor_leaves_one(kept_app):
    """A flash message (or anything in a session) is one person's: never kept, never served."""
    with kept_app.app_context():
        make_service()
    anonymous = kept_app.test_client()
    get_page(anonymous, "/services/mon-service")  # kept
    with_session = kept_app.test_client()
    with with_session.session_transaction() as session:
        session["_flashes"] = [("success", "Message pour une seule personne")]
    assert "une seule personne" in get_page(with_session, "/services/mon-service").get_text()
    assert "une seule personne" not in get_page(anonymous, "/services/mon-service").get_text()


def test_the_page_shows_the_html_stored_when_the_text_was_saved(kept_app):
    with kept_app.app_context():
        service = make_service(problem="Les dossiers **papier** se perdent.")
        assert service.problem_html == "<p>Les dossiers <strong>papier</strong> se perdent.</p>\n"
        service.description = "<script>alert(1)</script> [x](javascript:y) *ok*"
        assert "<script" not in service.description_html
        assert 'href="javascript' not in service.description_html
        assert "<em>ok</em>" in service.description_html
        db.session.commit()
        # What the page shows is what was stored: the text is not rendered again per view.
        db.session.execute(update(Service).values(problem_html="<p>stocké</p>"))
        db.session.commit()
    soup = get_page(kept_app.test_client(), "/services/mon-service")
    assert soup.select_one(".pilotes-prose p").get_text() == "stocké"


def test_a_demand_queues_its_email_unrendered_and_the_sender_makes_its_links(
    app, client_request, smtp_server, runner
):
    service = make_service()
    make_demand(service, "35000", email="jeanne@exemple.fr")
    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert message.body_text is None and message.body_html is None
    assert message.signup[0] == "demand" and isinstance(message.signup[1], int)
    assert message.context["service"] == {"name": "Mon service", "slug": "mon-service"}
    assert "1 envoyés" in runner.invoke(args=["pilotes", "send-mail"]).output
    (sent,) = smtp_server.to("jeanne@exemple.fr")
    assert sent["List-Unsubscribe"].startswith("<http://pilotes.test/e/desinscription/")
    body = sent.get_body(("plain",)).get_content()
    path = body.split("http://pilotes.test", 1)[1].split()[0]
    assert "confirmée" in client_request.get_url(path).get_text()


def test_a_page_that_writes_to_the_session_is_never_kept(migrated_database, app):
    """Were a kept page to carry a CSRF token, two visitors would share one."""
    from flask_wtf.csrf import generate_csrf

    from pilotes.web.page_cache import anonymous_page

    kept = create_app("test", SQLALCHEMY_DATABASE_URI=migrated_database, PUBLIC_STATS_TTL=60)
    kept.add_url_rule("/jeton", "jeton", anonymous_page(lambda: generate_csrf()))
    first, second = (ClientRequest.browser(kept).response("jeton").get_data() for _ in range(2))
    assert first != second
