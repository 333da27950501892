"""Where the population figures come from, said with every rate published.

@etalab/decoupage-administratif carries INSEE's population municipale of the légale
populations in force on 1 January of its millésime, which are those of three years
before (the 2026 millésime, package 6, holds the 2023 populations).
"""

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pilotes.territories.loader import PACKAGE

# Package major version -> reference year of the populations it carries (its README's
# "Millésimes et versions de package" table, and INSEE's calendar: millésime minus 3).
POPULATION_YEARS = {6: 2023, 5: 2022, 4: 2021, 3: 2020}


class UnknownPopulationYear(RuntimeError):
    pass


@dataclass(frozen=True)
class PopulationSource:
    kind: str
    producer: str
    year: int
    package: str
    package_version: str

    def sentence(self) -> str:
        """The French sentence that names it, for the method of every format: in words a
        sponsor reads (the producer and the version), not the name of an npm package."""
        return (
            f"La population est la {self.kind} de l'{self.producer} (populations légales "
            f"{self.year}, en vigueur au 1er janvier {self.year + 3}), telle que la publie "
            f"Etalab (données « découpage administratif », version {self.package_version}) ; "
            "celle d'un département ou d'une région est la somme de celle de ses communes."
        )

    def as_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=4)
def population_source(node_modules: str) -> PopulationSource:
    """The source of the populations loaded from ``node_modules`` (fails on an unknown one)."""
    manifest = json.loads((Path(node_modules) / PACKAGE / "package.json").read_text("utf-8"))
    version = manifest["version"]
    year = POPULATION_YEARS.get(int(version.split(".")[0]))
    if year is None:
        raise UnknownPopulationYear(
            f"{PACKAGE} {version}: add the year of its populations to POPULATION_YEARS"
        )
    return PopulationSource("population municipale", "Insee", year, PACKAGE, version)
