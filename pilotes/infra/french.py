"""French typography shared by pages and report files."""


def number_fr(value: int | float | None) -> str:
    """1234567 -> '1 234 567' with narrow no-break spaces, as French typography wants."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")
