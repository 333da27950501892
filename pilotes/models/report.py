"""A frozen copy of a report's figures, so a printed report can be checked on the site."""

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin
from pilotes.models.service import Service


class ReportSnapshot(TimestampMixin, Base):
    __tablename__ = "report_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    # Unguessable reference printed on the report (its verification link).
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    level: Mapped[str] = mapped_column(String(12))
    payload: Mapped[dict] = mapped_column(JSON)

    service: Mapped[Service] = relationship()
