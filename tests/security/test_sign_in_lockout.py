"""Wrong passwords sent by anyone cannot lock a team member out of the emailed link, and
link requests cannot flood their mailbox either (outside review)."""

from sqlalchemy import func, select

from pilotes import create_app
from pilotes.domain import accounts
from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage
from tests.client_request import ClientRequest

EMAIL = "ana@equipe.fr"


def _browser(database_url) -> ClientRequest:
    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False
    )
    return ClientRequest.browser(app)


def _post_from(browser, n: int, **answers):
    """A sign-in POST from its own client address, so that only per-address budgets count."""
    return browser.raw_post(
        browser.url("team.sign_in"),
        data={"email": EMAIL, **answers},
        environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
    )


def _links_mailed() -> int:
    db.session.rollback()  # see what the other app's requests wrote
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.to_address == EMAIL, OutboxMessage.kind == "sign_in"
        )
    )


def test_wrong_passwords_from_many_clients_do_not_block_the_emailed_link(app, migrated_database):
    accounts.get_or_create_user(db.session, EMAIL)
    db.session.commit()
    browser = _browser(migrated_database)
    wrong = [_post_from(browser, n, password="pas le bon mot de passe") for n in range(1, 7)]
    assert [r.status_code for r in wrong] == [422] * 5 + [429]  # passwords: 5 a minute
    response = _post_from(browser, 7)
    assert response.status_code == 200
    assert "Trop de demandes" not in response.get_data(as_text=True)
    assert _links_mailed() == 1


def test_link_requests_past_their_budget_get_the_usual_page_and_no_new_email(
    app, migrated_database
):
    accounts.get_or_create_user(db.session, EMAIL)
    db.session.commit()
    browser = _browser(migrated_database)
    answers = [_post_from(browser, n) for n in range(1, accounts.LINKS_PER_WINDOW + 3)]
    assert [r.status_code for r in answers] == [200] * (accounts.LINKS_PER_WINDOW + 2)
    pages = {r.get_data(as_text=True).split("<main", 1)[1] for r in answers}
    assert len(pages) == 1  # the same page whether a link went or not
    assert _links_mailed() == accounts.LINKS_PER_WINDOW
