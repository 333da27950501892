"""What is published: the day's figures, and frozen copies of a report's figures, so a
printed report can be checked on the site."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime
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


class Edition(Base):
    """The figures a service publishes for one day (Europe/Paris), as every public page,
    the API and the reports read them (``pilotes.reports.edition``): {level: Published as
    JSON, with its daily series}. Only the latest day of each service is kept."""

    __tablename__ = "editions"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    figures: Mapped[dict] = mapped_column(JSON)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
