"""Columns shared by every signup that may leave an email address, confirmed by a link."""

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from pilotes.models.base import UTCDateTime


class ContactMixin:
    email: Mapped[str | None] = mapped_column(String(254))
    # A keyed hash of the normalised address: recognises the same person asking twice.
    email_key: Mapped[str | None] = mapped_column(String(64))
    consent_version: Mapped[str | None] = mapped_column(String(20))
    # Whether we may email this person beyond the confirmation: a demand's "tell me when
    # it opens", a volunteer's consent to be contacted. The unsubscribe link clears it.
    notify: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
