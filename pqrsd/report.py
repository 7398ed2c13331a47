"""
The public report of Decreto 1081 de 2015, art. 2.1.1.6.2 (Ley 1712 de 2014, art. 11 lit. h):
per entity and office, for a year or a quarter, the requests received, referred to another
authority, answered on time and late, the response time of each request, and the requests
where access to information was denied, with the legal ground. HTML, CSV and JSON, all from
pqrsd.stats.
"""

import csv

import orjson
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import stats
from .periods import QUARTER_MONTHS, parse_period, recent_years

# Requests per page of the report's list, and per file of its downloads (a busy year is tens
# of thousands: each file is one part, like the pages of datos.gov.co's own interface).
LINES_PER_PAGE = 100
REQUESTS_PER_FILE = 1000


def period_asked(request, *, every_year):
    """
    The year or quarter in ?anio=&trimestre=. When none (or a bad one) is asked for: every
    year on the statistics page, this year on the legal report (always a year or a quarter).
    """
    return parse_period(
        request.GET.get("anio"),
        request.GET.get("trimestre"),
        today=timezone.localdate(),
        every_year=every_year,
    )


def _period_context(request, period, today):
    return {
        "period": period,
        "years": recent_years(today),
        "quarters": QUARTER_MONTHS.items(),
        "asked_for_nothing": not request.GET.get("anio"),
        "generated": timezone.now(),
    }


@require_GET
def report(request):
    """The report's figures: per entity and office, and the grounds of each denial."""
    period = period_asked(request, every_year=False)
    today = timezone.localdate()
    totals = stats.request_stats(start=period.start, end=period.end, today=today)
    return render(
        request,
        "pqrsd/report.html",
        {**_period_context(request, period, today), "totals": totals},
    )


@require_GET
def report_requests(request):
    """Each request's response time and outcome, a page at a time, and its files by part."""
    period = period_asked(request, every_year=False)
    today = timezone.localdate()
    page = stats.request_pages(
        start=period.start, end=period.end, per_page=LINES_PER_PAGE
    ).get_page(request.GET.get("page"))
    # The downloads' parts of the same requests (numbered like the files), and the one that
    # holds this page.
    parts = Paginator(range(page.paginator.count), REQUESTS_PER_FILE)
    part_of_page = max(page.start_index() - 1, 0) // REQUESTS_PER_FILE + 1
    context = {
        **_period_context(request, period, today),
        "lines": stats.page_lines(page, today=today),
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "parts": parts,
        "part_numbers": parts.get_elided_page_range(part_of_page, on_each_side=1, on_ends=1),
        "part_of_page": part_of_page,
    }
    return render(request, "pqrsd/report_requests.html", context)


def _filename(period, name, extension, part=None):
    of_parts = ""
    if part is not None and part.paginator.num_pages > 1:
        of_parts = f"-parte-{part.number}-de-{part.paginator.num_pages}"
    return f"{name}-{period.slug}{of_parts}-{timezone.localdate():%Y%m%d}.{extension}"


def _csv_response(filename, columns, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    writer = csv.writer(response)
    writer.writerow(columns)
    writer.writerows(rows)
    return response


def _json_response(payload):
    return HttpResponse(
        orjson.dumps(payload, option=orjson.OPT_INDENT_2), content_type="application/json"
    )


def _period_data(period):
    return {
        "anio": period.year,
        "trimestre": period.quarter,
        "desde": period.start.isoformat(),
        "hasta": period.end.isoformat(),
        "descripcion": period.label,
    }


def _part_asked(request, period):
    """The part in ?parte= of the period's requests (the first, or the last if past the end)."""
    return stats.request_pages(
        start=period.start, end=period.end, per_page=REQUESTS_PER_FILE
    ).get_page(request.GET.get("parte"))


@require_GET
def report_csv(request):
    """One row per entity and office, then the entity's subtotal: the figures of the report."""
    period = period_asked(request, every_year=False)
    totals = stats.request_stats(start=period.start, end=period.end, today=timezone.localdate())
    return _csv_response(
        _filename(period, "informe-pqrsd", "csv"),
        stats.REPORT_COLUMNS,
        (stats.data_row(stats.REPORT_DATA, row) for row in stats.with_subtotals(totals)),
    )


@require_GET
def report_json(request):
    """The figures of the report, with the same columns as its CSV."""
    period = period_asked(request, every_year=False)
    totals = stats.request_stats(start=period.start, end=period.end, today=timezone.localdate())
    return _json_response(
        {
            "periodo": _period_data(period),
            "aviso": period.message,  # why the period is not the one asked for, or ""
            "generado": timezone.now().isoformat(),
            "columnas": stats.REPORT_COLUMNS,
            "filas": [
                stats.data_record(stats.REPORT_DATA, row) for row in stats.with_subtotals(totals)
            ],
        }
    )


@require_GET
def report_requests_csv(request):
    """One row per request of a part of the period: its dates, response time and outcome."""
    period = period_asked(request, every_year=False)
    part = _part_asked(request, period)
    lines = stats.page_lines(part, today=timezone.localdate())
    return _csv_response(
        _filename(period, "informe-pqrsd-solicitudes", "csv", part),
        stats.REQUEST_COLUMNS,
        (stats.data_row(stats.REQUEST_DATA, line) for line in lines),
    )


@require_GET
def report_requests_json(request):
    """The requests of a part of the period, with the CSV's columns and where the next part is."""
    period = period_asked(request, every_year=False)
    part = _part_asked(request, period)
    lines = stats.page_lines(part, today=timezone.localdate())

    def address(number):
        query = f"{period.query}&parte={number}"
        return request.build_absolute_uri(reverse("pqrsd:report_requests_json") + query)

    return _json_response(
        {
            "periodo": _period_data(period),
            "aviso": period.message,
            "generado": timezone.now().isoformat(),
            "parte": part.number,
            "partes": part.paginator.num_pages,
            "solicitudes_por_parte": REQUESTS_PER_FILE,
            "total_solicitudes": part.paginator.count,
            "anterior": address(part.previous_page_number()) if part.has_previous() else None,
            "siguiente": address(part.next_page_number()) if part.has_next() else None,
            "columnas": stats.REQUEST_COLUMNS,
            "solicitudes": [stats.data_record(stats.REQUEST_DATA, line) for line in lines],
        }
    )


# --- The public statistics page: every year by default, per entity with subtotals ---


@require_GET
def public_stats(request):
    """Statistics per entity and office with subtotals (Ley 1712 de 2014, art. 11 lit. h)."""
    period = period_asked(request, every_year=True)
    today = timezone.localdate()
    context = {
        "period": period,
        "year": period.year,
        "years": recent_years(today),
        "quarters": QUARTER_MONTHS.items(),
        "totals": stats.request_stats(start=period.start, end=period.end, today=today),
        "last_updated": timezone.now(),
    }
    return render(request, "pqrsd/stats.html", context)


@require_GET
def public_stats_csv(request):
    period = period_asked(request, every_year=True)
    totals = stats.request_stats(start=period.start, end=period.end, today=timezone.localdate())
    return _csv_response(
        _filename(period, "pqrsd", "csv"),
        stats.OPEN_DATA_COLUMNS,
        (stats.open_data_row(row) for row in stats.with_subtotals(totals)),
    )


@require_GET
def public_stats_json(request):
    period = period_asked(request, every_year=True)
    totals = stats.request_stats(start=period.start, end=period.end, today=timezone.localdate())
    payload = {
        "periodo": period.year or "todos",
        "trimestre": period.quarter,
        "generado": timezone.now().isoformat(),
        "columnas": stats.OPEN_DATA_COLUMNS,
        "filas": [
            dict(zip(stats.OPEN_DATA_COLUMNS, stats.open_data_row(row), strict=True))
            for row in stats.with_subtotals(totals)
        ],
    }
    return _json_response(payload)
