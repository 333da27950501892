"""Columns shared by every signup that belongs to a place (a demand, a pilot volunteer)."""

from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

if TYPE_CHECKING:
    from pilotes.territories.lookup import Place


# The attribute that holds a place's code at each territorial level (a signup's columns, a
# looked-up ``Place``'s fields: the same names).
CODE_AT_LEVEL = {
    "region": "region_code",
    "departement": "departement_code",
    "commune": "commune_code",
}


def code_at(place, level: str) -> str:
    """The code of ``place`` (a row or a looked-up ``Place``) at ``level``."""
    return getattr(place, CODE_AT_LEVEL[level])


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
        return code_at(self, level)

    @classmethod
    def territory_column(cls, level: str):
        """The column holding the territory code at ``level`` (for queries)."""
        return code_at(cls, level)
