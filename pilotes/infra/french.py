"""French typography shared by pages and report files, and the time people read: Paris time."""

import unicodedata
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def number_fr(value: int | float | None) -> str:
    """1234567 -> '1 234 567' with narrow no-break spaces, as French typography wants."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def at_place(name: str) -> str:
    """« à Rennes », « au Havre », « aux Abymes »: à with a commune's name and its article."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


# Words whose h is mute (« l'hôpital »): « de » elides before them. Any other h is taken as
# aspirated (« de Haute-Garonne », « de Honfleur »), which keeps « de », never wrong-looking.
_MUTE_H = (
    "habit",
    "héberg",
    "hôpita",
    "hospital",
    "hôtel",
    "humain",
    "humanit",
    "hygièn",
    "histoir",
    "horaire",
    "homme",
    "heure",
    "hiver",
    "hyères",
    "hendaye",
)


def of_name(name: str) -> str:
    """« de Mon service », « d'Autre service », « du Havre », « des Abymes »: de with a
    name, elided before a vowel or a mute h, joined to a leading article."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    first, second = (unicodedata.normalize("NFD", c)[0] for c in (name.lower() + "  ")[:2])
    vowel = first in "aeiou" or (first == "y" and second not in "aeiou")  # Yvetot, not Yann
    if vowel or name.lower().startswith(_MUTE_H):
        return "d'" + name
    return "de " + name


def paris_today() -> date:
    """Today's date in Paris: the day readers are living, the last one with figures."""
    return datetime.now(PARIS).date()


def paris_time(value: datetime | str) -> datetime:
    """A moment (aware, naive meaning UTC, or an ISO string) in Europe/Paris."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(PARIS)


def date_fr(value: date | datetime | None) -> str:
    """'22 novembre 2026'; a datetime is dated in Paris."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = paris_time(value)
    day = "1er" if value.day == 1 else value.day
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def datetime_fr(value: datetime | str | None) -> str:
    """'2026-11-22T23:30:00+00:00' -> '23 novembre 2026 à 00 h 30' (heure de Paris):
    readers live in France, and the weeks of the figures are Paris weeks too."""
    if not value:
        return ""
    moment = paris_time(value)
    return f"{date_fr(moment)} à {moment:%H} h {moment:%M}"


def minute_iso(value: datetime | None) -> str:
    """'2026-11-25 11:19+01:00': Paris time with its offset, for files machines read too."""
    return paris_time(value).isoformat(" ", "minutes") if value else ""
