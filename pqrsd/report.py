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
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import stats
from .periods import QUARTER_MONTHS, parse_period, recent_years

# Requests per page of the report's table (the CSV and JSON carry them all).
LINES_PER_PAGE = 100


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


@require_GET
def report(request):
    """The report's page: the figures, and each request's response time a page at a time."""
    period = period_asked(request, every_year=False)
    today = timezone.localdate()
    totals = stats.request_stats(start=period.start, end=period.end, today=today)
    rows = stats.request_rows(start=period.start, end=period.end)
    page = Paginator(rows, LINES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "years": recent_years(today),
        "quarters": QUARTER_MONTHS.items(),
        "totals": totals,
        "lines": stats.request_lines(rows=page.object_list, today=today),
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "asked_for_nothing": not request.GET.get("anio"),
        "generated": timezone.now(),
    }
    return render(request, "pqrsd/report.html", context)


def _filename(period, name, extension):
    return f"{name}-{period.slug}-{timezone.localdate():%Y%m%d}.{extension}"


def _csv_response(filename, columns, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    writer = csv.writer(response)
    writer.writerow(columns)
    writer.writerows(rows)
    return response


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
def report_requests_csv(request):
    """One row per request: its dates, response time and outcome."""
    period = period_asked(request, every_year=False)
    lines = stats.request_lines(start=period.start, end=period.end, today=timezone.localdate())
    return _csv_response(
        _filename(period, "informe-pqrsd-solicitudes", "csv"),
        stats.REQUEST_COLUMNS,
        (stats.data_row(stats.REQUEST_DATA, line) for line in lines),
    )


@require_GET
def report_json(request):
    """The office rows and the request rows, with the same columns as the two CSV files."""
    period = period_asked(request, every_year=False)
    today = timezone.localdate()
    totals = stats.request_stats(start=period.start, end=period.end, today=today)
    lines = stats.request_lines(start=period.start, end=period.end, today=today)
    payload = {
        "periodo": {
            "anio": period.year,
            "trimestre": period.quarter,
            "desde": period.start.isoformat(),
            "hasta": period.end.isoformat(),
            "descripcion": period.label,
        },
        "aviso": period.message,  # why the period is not the one asked for, or ""
        "generado": timezone.now().isoformat(),
        "columnas": stats.REPORT_COLUMNS,
        "filas": [
            dict(zip(stats.REPORT_COLUMNS, stats.data_row(stats.REPORT_DATA, row), strict=True))
            for row in stats.with_subtotals(totals)
        ],
        "columnas_solicitudes": stats.REQUEST_COLUMNS,
        "solicitudes": [
            dict(zip(stats.REQUEST_COLUMNS, stats.data_row(stats.REQUEST_DATA, line), strict=True))
            for line in lines
        ],
    }
    return HttpResponse(
        orjson.dumps(payload, option=orjson.OPT_INDENT_2), content_type="application/json"
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
    return HttpResponse(
        orjson.dumps(payload, option=orjson.OPT_INDENT_2), content_type="application/json"
    )
