"""What `pilotes publish` puts on data.gouv.fr: the published figures per territory level
(small counts hidden, as on every page), one CSV resource each, and the Table Schema that
describes their columns, under stable titles so that a second run replaces them instead of
adding copies."""

import json
from dataclasses import dataclass
from hashlib import sha256

from sqlalchemy.orm import Session

from pilotes.models import LEVEL_LABELS, LEVELS, Service
from pilotes.reports.downloads import report
from pilotes.reports.schemas import public_schemas


@dataclass(frozen=True)
class PublishedFile:
    title: str  # the resource's title on data.gouv.fr: how the next run finds it
    filename: str
    body: bytes
    mime: str
    description: str

    @property
    def digest(self) -> str:
        return sha256(self.body).hexdigest()[:16]


def files_to_publish(session: Session, service: Service) -> list[PublishedFile]:
    """One CSV (comma-separated, UTF-8) per territory level, then their Table Schema."""
    schema = f"{service.slug}-schema-territoires.json"
    files = []
    for level in LEVELS:
        made = report(session, service, "csv-virgule", level)
        files.append(
            PublishedFile(
                title=f"{service.slug}-{level}.csv",
                filename=made.filename,
                body="".join(made.body).encode(),
                mime="text/csv",
                description=(
                    f"Demandes pour « {service.name} » par {LEVEL_LABELS[level]}, "
                    f"après masquage des petits effectifs (Pilotes). Colonnes : {schema}."
                ),
            )
        )
    files.append(
        PublishedFile(
            title=schema,
            filename=schema,
            body=json.dumps(public_schemas()["territoires"], ensure_ascii=False, indent=2).encode(),
            mime="application/json",
            description="Table Schema (format de schema.data.gouv.fr) des fichiers CSV ci-dessus.",
        )
    )
    return files
