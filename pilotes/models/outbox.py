"""The transactional outbox: every email is a row written with what caused it."""

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pilotes.models.base import Base, TimestampMixin, UTCDateTime, utcnow


class OutboxMessage(TimestampMixin, Base):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # the template's name
    # A message with a key is enqueued at most once, whoever asks and however often.
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    # Rendered when enqueued, or (None) by the sender from the template ``kind``, the
    # JSON ``context`` and the signed links of ``signup`` (["demand", 12]) made at send time.
    body_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    context: Mapped[dict | None] = mapped_column(JSON)
    signup: Mapped[list | None] = mapped_column(JSON)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)

    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
