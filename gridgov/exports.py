"""Every table a page shows can be downloaded: the same rows as CSV (UTF-8 with BOM, so spreadsheet programs read
Chinese) or as an Excel workbook (openpyxl).

Cells are what a person reads: numbers and dates stay numbers and dates, a ``Figure`` (a rate shown as "99.4%") is
stored as its number with the matching number format, booleans read "yes"/"no" in the user's language, and text that
a spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) stays
text: quote-prefixed in Excel (the cell shows the same characters) and prefixed with ``'`` in CSV, as OWASP's advice
on CSV injection says.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PERCENT = "0.0%"


class Figure(str):
    """A number as the page shows it ("99.4%", "—" when there is nothing to divide) that the exports keep as the
    number itself (``None``: an empty cell) with an Excel number format. Everything else reads it as its text."""

    number: float | int | Decimal | None
    number_format: str

    def __new__(cls, shown: str, number: float | int | Decimal | None, number_format: str = "General") -> Figure:
        figure = super().__new__(cls, shown)
        figure.number, figure.number_format = number, number_format
        return figure


def rate(value: float | None) -> Figure:
    """A share (0.994) shown as "99.4%", exported as 0.994 formatted as a percentage."""
    return Figure("—" if value is None else f"{value * 100:.1f}%", value, PERCENT)


@dataclass
class Table:
    name: str  # file name stem, ASCII
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def neutral(text: str) -> str:
    """Text a spreadsheet will not run: a leading quote before what would start a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def value_of(v: Any) -> Any:
    """The cell's value: a number, a date or time (local, naive), or text (not yet neutralised); None for empty."""
    if isinstance(v, Figure):
        return v.number
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if isinstance(v, datetime):
        return timezone.localtime(v).replace(tzinfo=None) if timezone.is_aware(v) else v
    if v is None or isinstance(v, int | float | Decimal | date):
        return v
    return str(v)


def _csv_cell(v: Any) -> Any:
    value = value_of(v)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return neutral(value) if isinstance(value, str) else value


def _sheet_title(title: str) -> str:
    return " ".join(re.sub(r"[\\/?*\[\]:]", " ", title).split())[:31] or "Sheet1"  # Excel refuses these in a name


def _xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(table.title)

    def cell(v: Any) -> Cell | Any:
        value = value_of(v)
        if isinstance(value, str):
            c = Cell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))  # control characters have no place in a cell
            c.data_type = "s"  # never a formula, whatever it starts with
            c.quotePrefix = value.startswith(FORMULA_START)  # and Excel keeps it text when the cell is edited
            return c
        if isinstance(v, Figure) and value is not None:
            c = Cell(ws, value=value)
            c.number_format = v.number_format
            return c
        return value

    ws.append([cell(h) for h in table.headers])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in table.rows:
        ws.append([cell(v) for v in row])
    for col in ws.columns:
        width = max((len(str(c.value)) if c.value is not None else 0) for c in col[:200])
        ws.column_dimensions[col[0].column_letter].width = min(max(8, width * 1.6 + 2), 60)
    ws.freeze_panes = "A2"
    body = io.BytesIO()
    wb.save(body)
    return body.getvalue()


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([_csv_cell(h) for h in table.headers])
    for row in table.rows:
        w.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render(table: Table, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        data = _xlsx(table)
    elif fmt == "csv":
        data = _csv(table)
    else:
        raise ValueError(fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{table.name}-{stamp}.{fmt}"'
    return response
