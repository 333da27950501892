"""The published figures as files: CSV (streamed), XLSX (constant memory), JSON.

Every text cell goes through ``safe_cell``: a spreadsheet never runs what a person typed.
"""

import io
import json
from collections.abc import Iterator
from datetime import datetime

import xlsxwriter

from pilotes.infra.csv_files import Export, csv_lines
from pilotes.infra.french import datetime_fr
from pilotes.models import LEVEL_LABELS, LEVELS
from pilotes.reports.disclosure import label
from pilotes.reports.published import Published, TerritoryFigures
from pilotes.reports.rates import ROUNDING_RULE
from pilotes.territories.source import PopulationSource

COLUMNS = [
    ("code", "Code"),
    ("name", "Territoire"),
    ("population", "Population"),
    ("demands", "Demandes"),
    ("confirmed", "Demandes confirmées"),
    ("unconfirmed", "Demandes non confirmées"),
    ("accompanied", "Demandes accompagnées"),
    ("per_100k", "Demandes pour 100 000 habitants"),
    ("volunteers", "Volontaires pilotes"),
    ("partners", "Partenaires"),
    ("partners_engaged", "Partenaires engagés"),
    ("goal", "Objectif"),
    ("open", "Ouvert"),
]
HIDEABLE = ("demands", "confirmed", "unconfirmed", "accompanied", "volunteers")

METHODOLOGY = [
    "Une demande est le souhait, exprimé sur la page du service, de l'avoir dans son "
    "territoire, avec un code postal (et la commune quand le code en couvre plusieurs).",
    "Les chiffres comptent des demandes, pas des personnes : une même adresse électronique "
    "(sans tenir compte des majuscules ni, pour Gmail, des points et des +étiquettes) ne "
    "compte qu'une fois par service, mais les demandes faites sans adresse ne peuvent pas "
    "être dédoublonnées.",
    "Une demande est confirmée quand la personne a cliqué sur le lien que nous lui avons "
    "envoyé par courriel : l'adresse est donc réelle et à elle. Une demande sans adresse "
    "électronique reste non confirmée.",
    "Une demande accompagnée est enregistrée par un médiateur (espace France Services, "
    "travail social, médiation numérique) pour une personne qui n'utilise pas internet, avec "
    "son accord donné à l'oral et sans adresse électronique ; chaque compte de médiateur a "
    "une limite quotidienne. Les demandes accompagnées sont publiées à part et comprises dans "
    "les demandes : demandes = confirmées + non confirmées + accompagnées, pour les comptes "
    "exacts ; les chiffres publiés, arrondis chacun pour lui-même, peuvent ne pas tomber juste.",
    "Les demandes qui semblent automatiques (champ piège rempli, formulaire envoyé trop vite, "
    "rafale depuis un même réseau) sont mises de côté et celles que l'équipe a invalidées "
    "sont retirées : ni les unes ni les autres ne sont comptées. L'équipe examine les "
    "premières et peut les rétablir ; une demande mise de côté puis confirmée par courriel "
    "revient dans les comptes quand l'équipe la rétablit.",
    "Les territoires sont ceux du Code officiel géographique (Insee).",
    "Les semaines sont les semaines ISO (du lundi au dimanche) à l'heure de Paris.",
    "Aucun compte inférieur au seuil du service n'est publié ; les comptes cachés sont notés "
    "« moins de N », N étant le premier multiple de l'arrondi au-dessus du seuil. Les comptes "
    "publiés sont arrondis à un multiple de 5 (écart de 4 au plus), avec un décalage secret "
    "propre à chaque case. L'arrondi ne suffit pas contre quelqu'un qui ajoute ses propres "
    "demandes une à une pour resserrer un compte caché : la méthodologie dit ce qui l'en "
    "empêche et ce qui ne l'en empêche pas encore.",
    "« masqué » : un compte assez grand, caché pour qu'aucune somme publiée (régions, "
    "départements, communes, total national, semaines, confirmées, accompagnées) ne "
    "permette de retrouver un compte caché. Méthode complète : page « Méthodologie des "
    "chiffres publiés » (/methodologie).",
    "Un partenaire est une organisation qui s'est portée volontaire, a confirmé son adresse "
    "et dont l'équipe a examiné la candidature (contacté, engagé ou pilote actif ; les "
    "candidatures nouvelles ne comptent que dans le total par statut) ; « engagé » regroupe "
    "les statuts engagé et pilote actif. Un partenaire compte une fois "
    "dans chaque territoire qu'il couvre, dans ceux qui les contiennent et dans ceux qu'ils "
    "contiennent (les communes d'un département couvert).",
]


def method_lines(published: Published) -> list[str]:
    """The method as printed with the figures: the fixed text, its population and rounding."""
    source = PopulationSource(**published.population_source)
    return [*METHODOLOGY, source.sentence(), ROUNDING_RULE]


def status_label(status: str | None, bound: int) -> str:
    return label(status, bound) or ""


RATE_HIDDEN = "non publié"  # as the pages and the map say


def cell(territory: TerritoryFigures, key: str, bound: int):
    """A published value as shown to people: hidden counts become their French label."""
    status = territory.status(key) if key in (*HIDEABLE, "per_100k") else None
    if status and key == "per_100k":
        # « moins de N » would be false of a rate, and no rate exists without population.
        return RATE_HIDDEN if territory.population else ""
    if status:
        return status_label(status, bound)
    value = getattr(territory, key)
    if key == "open":
        return "oui" if value else "non"
    return "" if value is None else value


def table(published: Published) -> Export:
    bound = published.hidden_below
    return Export(
        [title for _, title in COLUMNS],
        [[cell(t, key, bound) for key, _ in COLUMNS] for t in published.territories],
    )


def csv_stream(published: Published, delimiter: str = ";") -> Iterator[str]:
    """';' with a BOM and decimal commas for French spreadsheets, or ',' and points."""
    export = table(published)
    if delimiter == ";":
        export = Export(
            export.header,
            [
                [str(v).replace(".", ",") if isinstance(v, float) else v for v in row]
                for row in export.rows
            ],
        )
    return csv_lines(export, delimiter=delimiter, bom=delimiter == ";")


def json_bytes(published: Published) -> bytes:
    return json.dumps(published.as_json(), ensure_ascii=False, indent=2, sort_keys=True).encode()


def xlsx_rows(published: Published) -> tuple[list[str], list[list]]:
    """Numbers stay numbers (empty when hidden) and each count has its status column."""
    header = [title for _, title in COLUMNS] + [
        f"{title} (statut)" for key, title in COLUMNS if key in HIDEABLE
    ]
    rows = []
    for t in published.territories:
        values = [getattr(t, key) for key, _ in COLUMNS]
        values[-1] = "oui" if t.open else "non"
        statuses = [status_label(t.status(key), published.hidden_below) for key in HIDEABLE]
        rows.append(values + statuses)
    return header, rows


def xlsx_bytes(payloads: dict[str, Published]) -> bytes:
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
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for level in LEVELS:
        if level not in payloads:
            continue
        sheet = workbook.add_worksheet(LEVEL_LABELS[level].capitalize() + "s")
        header, rows = xlsx_rows(payloads[level])
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, header, bold)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row)  # strings stay strings: strings_to_formulas off
    published = next(iter(payloads.values()))
    bound = published.hidden_below
    weekly = workbook.add_worksheet("Par semaine")
    weekly.freeze_panes(1, 0)
    weekly.write_row(
        0, 0, ["Semaine du", "Demandes", "Demandes confirmées", "Demandes (statut)"], bold
    )
    weekly.write_row(0, 4, ["Demandes confirmées (statut)"], bold)
    for number, week in enumerate(published.weekly, start=1):
        weekly.write_datetime(number, 0, datetime.fromisoformat(week.week), day)
        weekly.write_row(
            number,
            1,
            [
                week.demands,
                week.confirmed,
                status_label(week.status("demands"), bound),
                status_label(week.status("confirmed"), bound),
            ],
        )
    _methodology_sheet(workbook, published, bold)
    workbook.close()
    return output.getvalue()


def _methodology_sheet(workbook, published: Published, bold) -> None:
    method = workbook.add_worksheet("Méthodologie")
    method.set_column(0, 0, 120)
    generated = datetime_fr(published.generated_at)
    title = f"{published.service.name} — rapport généré le {generated} (heure de Paris)"
    method.write(0, 0, title, bold)
    lines = method_lines(published)
    for number, text in enumerate(lines, start=2):
        method.write(number, 0, text)
    end = len(lines) + 3
    method.write(end, 0, f"Seuil de confidentialité : {published.suppression_threshold}")
    method.write(end + 1, 0, f"Méthodologie : {published.methodology_url}")
