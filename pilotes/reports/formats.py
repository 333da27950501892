"""The payload as files: CSV (streamed), XLSX (constant memory), JSON.

Every text cell goes through ``safe_cell``: a spreadsheet never runs what a person typed.
"""

import io
import json
from collections.abc import Iterator

import xlsxwriter

from pilotes.infra.csv_files import Export, csv_lines
from pilotes.models import LEVEL_LABELS, LEVELS
from pilotes.reports.rates import ROUNDING_RULE
from pilotes.reports.suppression import label
from pilotes.territories.source import PopulationSource

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
    "Une demande est le souhait, exprimé sur la page du service, de l'avoir dans son "
    "territoire, avec un code postal (et la commune quand le code en couvre plusieurs).",
    "Les chiffres comptent des demandes, pas des personnes : une même adresse électronique "
    "(sans tenir compte des majuscules ni, pour Gmail, des points et des +étiquettes) ne "
    "compte qu'une fois par service, mais les demandes faites sans adresse ne peuvent pas "
    "être dédoublonnées.",
    "Une demande est confirmée quand la personne a cliqué sur le lien reçu par courriel "
    "(double opt-in). Une demande sans adresse électronique reste non confirmée.",
    "Les demandes qui semblent automatiques (champ piège rempli, formulaire envoyé trop vite, "
    "rafale depuis un même réseau) sont mises de côté et celles que l'équipe a invalidées "
    "sont retirées : ni les unes ni les autres ne sont comptées. L'équipe examine les "
    "premières et peut les rétablir ; une demande mise de côté puis confirmée par courriel "
    "revient dans les comptes quand l'équipe la rétablit.",
    "Les territoires sont ceux du Code officiel géographique (Insee).",
    "Les semaines sont les semaines ISO (du lundi au dimanche) à l'heure de Paris.",
    "Les comptes inférieurs au seuil du service sont remplacés par « moins de N » ; pour "
    "qu'un total ne permette pas de les retrouver, un autre compte du même ensemble est "
    "alors masqué (« masqué »).",
    "Un partenaire est une organisation qui s'est portée volontaire et a confirmé son adresse ; "
    "« engagé » regroupe les statuts engagé et pilote actif. Un partenaire compte une fois "
    "dans chaque territoire qu'il couvre, dans ceux qui les contiennent et dans ceux qu'ils "
    "contiennent (les communes d'un département couvert).",
]


def method_lines(payload: dict) -> list[str]:
    """The method as printed with a payload: the fixed text, its population and rounding."""
    source = PopulationSource(**payload["population_source"])
    return [*METHODOLOGY, source.sentence(), ROUNDING_RULE]


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
    lines = method_lines(any_payload)
    for number, text in enumerate(lines, start=2):
        method.write(number, 0, text)
    method.write(len(lines) + 3, 0, f"Seuil de confidentialité : {threshold}")
    workbook.close()
    return output.getvalue()
