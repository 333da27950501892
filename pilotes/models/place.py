"""Columns shared by every signup that belongs to a place (a demand, a pilot volunteer)."""

from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

if TYPE_CHECKING:
    from pilotes.territories.lookup import Place


class PlaceMixin:
    """Where a person lives, at every level, as COG codes at the time they signed up."""

    postal_code: Mapped[str] = mapped_column(String(5))
    commune_code: Mapped[str] = mapped_column(String(5))
    arrondissement_code: Mapped[str | None] = mapped_column(String(5))
    departement_code: Mapped[str] = mapped_column(String(3))
    region_code: Mapped[str] = mapped_column(String(3))

    def set_place(self, place: "Place", postal_code: str) -> None:
        self.postal_code = postal_code
        self.commune_code = place.commune_code
        self.arrondissement_code = place.arrondissement_code
        self.departement_code = place.departement_code
        self.region_code = place.region_code

    def territory_code(self, level: str) -> str:
        return {
            "region": self.region_code,
            "departement": self.departement_code,
            "commune": self.commune_code,
        }[level]

    @classmethod
    def territory_column(cls, level: str):
        """The column holding the territory code at ``level`` (for queries)."""
        return {
            "region": cls.region_code,
            "departement": cls.departement_code,
            "commune": cls.commune_code,
        }[level]
