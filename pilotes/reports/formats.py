"""The payload as files: CSV (streamed), XLSX (constant memory), JSON.

Every text cell goes through ``safe_cell``: a spreadsheet never runs what a person typed.
"""

import io
import json
from collections.abc import Iterator

import xlsxwriter

from pilotes.infra.csv_files import Export, csv_lines
from pilotes.models import LEVEL_LABELS, LEVELS
from pilotes.reports.suppression import label

COLUMNS = [
    ("code", "Code"),
    ("name", "Territoire"),
    ("population", "Population"),
    ("demands", "Demandes"),
    ("confirmed", "Demandes confirmées"),
    ("unconfirmed", "Demandes non confirmées"),
    ("per_100k", "Demandes pour 100 000 habitants"),
    ("volunteers", "Volontaires pilotes"),
    ("partners", "Partenaires"),
    ("partners_engaged", "Partenaires engagés"),
    ("goal", "Objectif"),
    ("open", "Ouvert"),
]

METHODOLOGY = [
    "Une demande est une personne qui a dit vouloir le service dans son territoire, en "
    "donnant son code postal (et sa commune quand le code en couvre plusieurs).",
    "Une demande est confirmée quand la personne a cliqué sur le lien reçu par courriel "
    "(double opt-in). Une demande sans adresse électronique reste non confirmée.",
    "Une même adresse (sans tenir compte des majuscules ni, pour Gmail, des points et des "
    "+étiquettes) ne compte qu'une fois par service.",
    "Les territoires sont ceux du Code officiel géographique (Insee), tels que publiés par "
    "@etalab/decoupage-administratif ; la population d'un département ou d'une région est "
    "la somme de celle de ses communes.",
    "Les comptes inférieurs au seuil du service sont remplacés par « moins de N » ; pour "
    "qu'un total ne permette pas de les retrouver, un autre compte du même ensemble est "
    "alors masqué (« masqué »).",
    "Un partenaire est une organisation qui s'est portée volontaire et a confirmé son adresse ; "
    "« engagé » regroupe les statuts engagé et pilote actif.",
]


def cell(territory: dict, key: str, threshold: int):
    """A payload value as shown to people: hidden counts become their French label."""
    value = territory.get(key)
    reason = territory.get("suppressed", {}).get(key if key != "per_100k" else "demands")
    if reason:
        return label(reason, threshold)
    if key == "open":
        return "oui" if value else "non"
    return "" if value is None else value


def table(payload: dict) -> Export:
    threshold = payload["suppression_threshold"]
    return Export(
        [title for _, title in COLUMNS],
        [[cell(t, key, threshold) for key, _ in COLUMNS] for t in payload["territories"]],
    )


def csv_stream(payload: dict, delimiter: str = ";") -> Iterator[str]:
    """';' with a BOM and decimal commas for French spreadsheets, or ',' and points."""
    export = table(payload)
    if delimiter == ";":
        export = Export(
            export.header,
            [
                [str(v).replace(".", ",") if isinstance(v, float) else v for v in row]
                for row in export.rows
            ],
        )
    return csv_lines(export, delimiter=delimiter, bom=delimiter == ";")


def json_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True).encode()


def xlsx_bytes(payloads: dict[str, dict]) -> bytes:
    """One sheet per level, the weekly series, and the methodology."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    for level in LEVELS:
        if level not in payloads:
            continue
        sheet = workbook.add_worksheet(LEVEL_LABELS[level].capitalize() + "s")
        export = table(payloads[level])
        sheet.write_row(0, 0, export.header, bold)
        for number, row in enumerate(export.rows, start=1):
            sheet.write_row(number, 0, row)  # strings stay strings: strings_to_formulas off
    any_payload = next(iter(payloads.values()))
    threshold = any_payload["suppression_threshold"]
    weekly = workbook.add_worksheet("Par semaine")
    weekly.write_row(0, 0, ["Semaine du", "Demandes", "Demandes confirmées"], bold)
    for number, week in enumerate(any_payload["weekly"], start=1):
        reason = week["suppressed"]
        weekly.write_row(
            number,
            0,
            [
                week["week"],
                week["demands"] if week["demands"] is not None else label(reason, threshold),
                week["confirmed"] if week["confirmed"] is not None else label(reason, threshold),
            ],
        )
    method = workbook.add_worksheet("Méthodologie")
    method.set_column(0, 0, 120)
    service = any_payload["service"]
    method.write(0, 0, f"{service['name']} — rapport généré le {any_payload['generated_at']}", bold)
    for number, text in enumerate(METHODOLOGY, start=2):
        method.write(number, 0, text)
    method.write(len(METHODOLOGY) + 3, 0, f"Seuil de confidentialité : {threshold}")
    workbook.close()
    return output.getvalue()
