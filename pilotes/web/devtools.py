"""Development only: see the emails the outbox holds, so links can be clicked locally."""

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.infra.outbox.queue import rendered
from pilotes.models import OutboxMessage

bp = Blueprint("dev", __name__)


@bp.get("/mails")
def mails():
    messages = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)
    ).all()
    return render_template("dev/mails.html", messages=messages)


@bp.get("/mails/<int:message_id>")
def mail(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("dev/mail.html", message=message, content=rendered(message))
