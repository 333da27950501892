"""A report in a given format, as bytes or a stream: for the team's downloads and the CLI."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.models import Service
from pilotes.reports import edition, formats
from pilotes.reports.edition import build_payload

FORMATS = {
    "csv": ("text/csv", "csv"),
    "csv-virgule": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "pdf": ("application/pdf", "pdf"),
}


@dataclass(frozen=True)
class Report:
    body: Iterable[str] | bytes
    mimetype: str
    filename: str


def report(session: Session, service: Service, fmt: str, level: str) -> Report:
    mimetype, extension = FORMATS[fmt]
    flavour = "-virgule" if fmt == "csv-virgule" else ""
    filename = f"{service.slug}-{level}{flavour}.{extension}"
    if fmt == "pdf":
        from pilotes.reports.pdf import pdf_bytes  # WeasyPrint loads Pango: only when asked

        return Report(pdf_bytes(session, service, level), mimetype, filename)
    if fmt == "xlsx":
        body = formats.xlsx_bytes(edition.figures(session, service))
        return Report(body, mimetype, f"{service.slug}.xlsx")
    payload = build_payload(session, service, level)
    if fmt == "json":
        return Report(formats.json_bytes(payload), mimetype, filename)
    delimiter = "," if fmt == "csv-virgule" else ";"
    # The rows are computed: the stream only formats them, after the session is done.
    return Report(list(formats.csv_stream(payload, delimiter)), mimetype, filename)
