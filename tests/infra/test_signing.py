"""One module owns the secrets: email hashes have their own key, links survive a rotation."""

import hashlib
import hmac
from pathlib import Path

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
