"""Reference data: régions, départements, communes and postal codes (COG codes).

Loaded from the npm package @etalab/decoupage-administratif by
``flask pilotes territories load``; see ``pilotes.territories.loader``.
"""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pilotes.models.base import Base

# The three territorial levels a service can open at, in French as they show in URLs and data.
LEVELS = ("region", "departement", "commune")
LEVEL_LABELS = {"region": "région", "departement": "département", "commune": "commune"}


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    zone: Mapped[str] = mapped_column(String(10))
    population: Mapped[int] = mapped_column(Integer, default=0)


class Departement(Base):
    __tablename__ = "departements"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    zone: Mapped[str] = mapped_column(String(10))
    population: Mapped[int] = mapped_column(Integer, default=0)


class Commune(Base):
    """A current commune, or an arrondissement municipal of Paris, Lyon or Marseille.

    An arrondissement has ``parent_code`` set to its commune (75056, 69123, 13055); its
    population is already counted in its parent's.
    """

    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    departement_code: Mapped[str] = mapped_column(ForeignKey("departements.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    parent_code: Mapped[str | None] = mapped_column(String(5))
    population: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def commune_code(self) -> str:
        """The code of the commune itself (the parent for an arrondissement)."""
        return self.parent_code or self.code


class PostalCode(Base):
    """One (postal code, commune) pair: a code may cover many communes and the reverse."""

    __tablename__ = "postal_codes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), primary_key=True)
