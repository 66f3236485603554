"""CSV of the report (`Accept: text/csv` or `?format=csv`): every row, not one page.

UTF-8 with a byte-order mark, so spreadsheet programs show the Persian names as Persian.
Names are typed by agencies, so a cell a spreadsheet would run as a formula is neutralised
(OWASP, CSV injection).
"""

import csv
import io
from collections.abc import Iterable, Sequence

from fastapi import Request, Response

from compliance_service.schemas import AgencyCompliance, ServiceCompliance

SERVICE_COLUMNS = (
    "agency_id",
    "service_id",
    "name_fa",
    "name_en",
    "on_window",
    "decision",
    "applications",
    "no_paper_share",
    "online_inquiry_share",
    "automated_share",
    "status_available_share",
    "smart",
    "smart_basis",
    "sla_breached",
    "sla_escalated",
    "sla_deemed_approved",
)
AGENCY_COLUMNS = (
    "agency_id",
    "name_fa",
    "name_en",
    "services_total",
    "services_on_window",
    "window_share",
    "services_smart",
    "smart_share",
    "online_inquiry",
    "first_online_inquiry_jalali",
    "applications",
    "sla_breached",
    "sla_escalated",
    "sla_deemed_approved",
)


def wants_csv(request: Request, format: str | None) -> bool:
    if format is not None:
        return format == "csv"
    return "text/csv" in request.headers.get("accept", "")


def services_csv(items: Iterable[ServiceCompliance], filename: str) -> Response:
    return _csv(SERVICE_COLUMNS, (item.model_dump() for item in items), filename)


def agencies_csv(items: Iterable[AgencyCompliance], filename: str) -> Response:
    return _csv(AGENCY_COLUMNS, (item.model_dump() for item in items), filename)


# What makes a spreadsheet read a cell as a formula (or smuggle one in after a control).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _cell(value: object) -> object:
    """The value as a cell: text that a spreadsheet would evaluate is quoted with a leading
    apostrophe, shown as typed and never run; numbers and flags stay as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv(columns: Sequence[str], rows: Iterable[dict[str, object]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return Response(
        ("\ufeff" + buffer.getvalue()).encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
