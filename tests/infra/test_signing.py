"""One module owns the secrets: email hashes have their own key, links survive a rotation."""

import base64
import hashlib
import hmac
from pathlib import Path

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from pilotes.domain.email_address import email_key
from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage
from tests.factories import make_demand, make_service, outbox_bodies
from tests.pages import confirm_by_link

PACKAGE = Path(__file__).resolve().parents[2] / "pilotes"


def _confirm_path() -> str:
    (body,) = outbox_bodies(db.session.scalars(select(OutboxMessage)).all())
    return "/e/confirmer/" + body.split("/e/confirmer/", 1)[1].split()[0]


def test_email_hashes_follow_email_key_secret_not_secret_key(app):
    before = email_key("Marie@Exemple.fr")
    app.config["SECRET_KEY"] = "a-new-session-key-after-a-rotation"
    assert email_key("Marie@Exemple.fr") == before
    app.config["EMAIL_KEY_SECRET"] = "another-email-key-secret"
    assert email_key("Marie@Exemple.fr") != before


def test_without_email_key_secret_the_hashes_of_existing_rows_still_match(app):
    """Deployments older than the setting keep their hashes: the key is then SECRET_KEY."""
    app.config["EMAIL_KEY_SECRET"] = None
    key = app.config["SECRET_KEY"].encode()
    expected = hmac.new(key, b"marie@exemple.fr", hashlib.sha256).hexdigest()
    assert email_key("Marie@Exemple.fr") == expected


def test_a_link_sent_before_a_secret_key_rotation_works_with_the_old_key_as_fallback(
    app, client, client_request
):
    make_demand(make_service(), email="marie@exemple.fr")
    path = _confirm_path()
    old_key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a-new-session-key-after-a-rotation"
    client_request.get_url(path, _status=400)  # the old key is forgotten: a bad link
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    confirm_by_link(client, path)
    assert db.session.scalars(select(Demand.confirmed_at)).one() is not None


def test_rehashing_after_rotating_email_key_secret_keeps_recognising_people(app, runner):
    service = make_service()
    make_demand(service, email="marie@exemple.fr")
    app.config["EMAIL_KEY_SECRET"] = "the-next-email-key-secret"
    result = runner.invoke(args=["pilotes", "email-keys", "rehash"])
    assert result.exit_code == 0, result.output
    assert "1 empreinte(s) recalculée(s)" in result.output
    again = make_demand(service, email="Marie@exemple.fr")
    assert not again.created
    assert db.session.scalar(select(Demand.email_key)) == email_key("marie@exemple.fr")


def test_only_the_signing_module_reads_secret_key():
    readers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if '"SECRET_KEY"' in path.read_text(encoding="utf-8")
    )
    # create_app passes it to the production check, which refuses a weak key.
    assert readers == ["__init__.py", "infra/signing.py"]


def _tokens_of_every_link() -> list[str]:
    bodies = outbox_bodies(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    return [
        body.split(marker, 1)[1].split()[0]
        for body in bodies
        for marker in ("/e/confirmer/", "/e/desinscription/", "/e/effacer/")
        if marker in body
    ]


def test_links_do_not_tell_which_row_they_name(app):
    """Ids are sequential: readable in a link, two signups a week apart would tell how many
    people signed up in between, a count the published figures protect."""
    service = make_service()
    for n in range(2):
        make_demand(service, email=f"p{n}@exemple.fr")
    tokens = _tokens_of_every_link()
    assert len(tokens) == 6
    for token in tokens:
        # A signed token's first part is its JSON payload, in base64.
        readable = base64.urlsafe_b64decode(token.split(".")[0] + "==")
        assert b'["demand",' not in readable
    assert len(set(tokens)) == 6


def test_a_readable_link_sent_before_encryption_still_works(app, client):
    """Links already in people's mailboxes were signed, not encrypted: they still confirm."""
    demand = make_demand(make_service(), email="marie@exemple.fr").row
    legacy = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="pilotes-confirm")
    confirm_by_link(client, "/e/confirmer/" + legacy.dumps(["demand", demand.id]))
    assert db.session.get(Demand, demand.id).confirmed_at is not None
