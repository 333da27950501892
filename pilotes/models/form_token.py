"""Public forms' one-use tokens, once spent: a replayed page load files nothing."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pilotes.models.base import Base, UTCDateTime, utcnow


class SpentFormToken(Base):
    __tablename__ = "spent_form_tokens"

    # The random part of the signed token a form page carried; the key makes spending atomic.
    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Kept while the token's signature is valid (7 days), then purged.
    spent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
