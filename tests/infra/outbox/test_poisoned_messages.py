"""One bad message never stops the sender: it is failed with its reason, the rest goes."""

from sqlalchemy import select, update

from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage
from tests.factories import make_demand, make_service


def _poison(message_id: int, **values) -> None:
    """Turn a queued message into one that cannot be sent (as data written before a fix)."""
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(values))
    db.session.commit()


def test_poisoned_messages_are_failed_with_their_reason_and_the_good_one_is_delivered(
    runner, smtp_server
):
    service = make_service()
    for n in range(4):
        make_demand(service, email=f"personne{n}@exemple.fr")
    ids = db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all()
    _poison(ids[0], subject="Confirmez\nBcc: tous@exemple.fr")  # a header injection
    _poison(ids[1], to_address="personne1@exemple.fr\r\nBcc: x@exemple.fr")
    _poison(ids[2], kind="no_such_template")  # anything else: here its rendering fails

    result = runner.invoke(args=["pilotes", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "1 envoyés, 3 en échec" in result.output
    assert [m["To"] for m in smtp_server.messages] == ["personne3@exemple.fr"]

    rows = {m.id: m for m in db.session.scalars(select(OutboxMessage)).all()}
    for poisoned in ids[:3]:
        db.session.refresh(rows[poisoned])
        assert rows[poisoned].failed_at is not None and rows[poisoned].sent_at is None
        assert rows[poisoned].locked_until is None
    assert rows[ids[0]].last_error.startswith("BadHeaderError")
    assert rows[ids[1]].last_error.startswith("BadHeaderError")
    assert rows[ids[2]].last_error.startswith("TemplateNotFound")

    # A restarted sender does not trip on them again, and new mail still goes.
    make_demand(service, email="apres@exemple.fr")
    result = runner.invoke(args=["pilotes", "send-mail"])
    assert "1 envoyés, 0 en échec" in result.output
    assert smtp_server.to("apres@exemple.fr")
