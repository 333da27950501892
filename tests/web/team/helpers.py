"""Signing in as a person would: ask for a link, read it from the outbox, use it."""

import re

from sqlalchemy import select

from pilotes.domain.accounts import add_member, get_or_create_user, send_sign_in_link
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage
from tests.pages import get_page, submit

LINK = re.compile(r"http://pilotes\.test(/equipe/connexion/lien/\S+)")


def sign_in_link(email: str) -> str:
    with unit_of_work():
        send_sign_in_link(db.session, email)
    body = db.session.scalars(
        select(OutboxMessage.body_text)
        .where(OutboxMessage.to_address == email)
        .order_by(OutboxMessage.id.desc())
    ).first()
    return LINK.search(body).group(1)


def sign_in(client, email: str):
    path = sign_in_link(email)
    response = submit(client, get_page(client, path), {}, path)
    assert response.status_code == 302, response.status_code
    return response


def make_member(service, email: str, role: str):
    """An account with ``role`` on ``service`` (through the real invitation path)."""
    with unit_of_work():
        get_or_create_user(db.session, email)
        return add_member(db.session, service, email, role)


def sign_in_browser(page, service, email: str, role: str) -> None:
    """A member with ``role`` signed in in a real browser, through their sign-in link."""
    make_member(service, email, role)
    path = sign_in_link(email)
    db.session.commit()  # the browser's requests write; this test holds no lock
    page.goto(path)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/equipe/**")
