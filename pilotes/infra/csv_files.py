"""CSV files streamed line by line, safe to open in a spreadsheet.

CSV cells that a spreadsheet would run as formulas (starting with = + - @, tab or CR)
are neutralised with a leading apostrophe.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Export:
    header: list[str]
    rows: Iterable[list]
    neutralised: bool = False


def csv_lines(export: Export, delimiter: str = ";", bom: bool = True) -> Iterator[str]:
    """UTF-8 CSV, streamed line by line; by default with BOM and ';' for French spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        yield "\ufeff"
    writer.writerow([safe_cell(cell) for cell in export.header])
    for number, row in enumerate(export.rows, start=1):
        writer.writerow(row if export.neutralised else [safe_cell(cell) for cell in row])
        if number % 500 == 0:  # a few kilobytes per chunk, not one per row
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
