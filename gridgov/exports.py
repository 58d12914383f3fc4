"""Every table a page shows can be downloaded: the same rows as CSV (UTF-8 with BOM, so spreadsheet programs read
Chinese) or as an Excel workbook (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Table:
    name: str  # file name stem, ASCII
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _cell(v: Any) -> Any:
    if isinstance(v, datetime):
        return timezone.localtime(v).replace(tzinfo=None) if timezone.is_aware(v) else v
    if v is None or isinstance(v, int | float | str | date):
        return v
    return str(v)


def render(table: Table, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook(write_only=False)
        ws = wb.active
        ws.title = table.title[:31] or "Sheet1"
        ws.append(list(table.headers))
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in table.rows:
            ws.append([_cell(v) for v in row])
        for col in ws.columns:
            width = max((len(str(c.value)) if c.value is not None else 0) for c in col[:200])
            ws.column_dimensions[col[0].column_letter].width = min(max(8, width * 1.6 + 2), 60)
        ws.freeze_panes = "A2"
        body = io.BytesIO()
        wb.save(body)
        data = body.getvalue()
    elif fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(table.headers)
        for row in table.rows:
            w.writerow(["" if v is None else (_cell(v).isoformat(sep=" ") if isinstance(_cell(v), datetime)
                                              else _cell(v)) for v in row])
        data = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        raise ValueError(fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{table.name}-{stamp}.{fmt}"'
    return response
