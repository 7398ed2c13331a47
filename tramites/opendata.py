"""
The published catalogue as open data (CSV and JSON) and as schema.org structured data.

Column names are stable: add new ones at the end, never rename or remove one (README, section
"Trámites y datos abiertos"). Plain functions over already loaded sheets (tuples for the
exports, see CSV_FIELDS; the model for schema.org); no queries here.
"""

KIND_CODES = {"tramite": "tramite", "opa": "opa", "servicio": "servicio"}
AUTOMATION_CODES = {
    "info": "solo_informacion",
    "partial": "parcialmente_en_linea",
    "full": "totalmente_en_linea",
}
TIME_UNIT_CODES = {"business": "dias_habiles", "calendar": "dias_calendario"}
YES_NO = {True: "si", False: "no"}

# Column -> description, in the order of the CSV. The README copies this table.
COLUMNS = {
    "identificador": "Ruta única y estable de la ficha (slug).",
    "codigo_suit": "Número único del trámite en el SUIT; vacío si aún no se ha verificado.",
    "clase": "tramite, opa o servicio.",
    "nombre": "Nombre del trámite.",
    "tema": "Tema del catálogo.",
    "entidad": "Entidad responsable (Alcaldía, Personería, Concejo).",
    "dependencia": "Dependencia que lo atiende.",
    "proposito": "Para qué sirve.",
    "quien_puede_solicitarlo": "Quién puede pedirlo.",
    "requisitos": "Requisitos, uno por línea, en orden.",
    "pasos": "Pasos, uno por línea, en orden.",
    "es_gratuito": "si o no.",
    "costo_valor": "Valor en pesos colombianos, sin decimales; vacío si varía o es gratuito.",
    "costo_descripcion": "Cómo se calcula el costo cuando varía.",
    "costo_norma": "Norma que fija el costo.",
    "lugar_de_pago": "Dónde y cómo se paga.",
    "tiempo_respuesta": "Número de días; 0 es inmediato; vacío si no se ha indicado.",
    "tiempo_respuesta_unidad": "dias_habiles o dias_calendario.",
    "tiempo_respuesta_observaciones": "Aclaraciones sobre el tiempo de respuesta.",
    "atencion_presencial_direccion": "Dirección de atención presencial.",
    "atencion_presencial_horario": "Horario de atención presencial.",
    "telefono": "Teléfono de atención.",
    "correo": "Correo electrónico de atención.",
    "nivel_automatizacion": "solo_informacion, parcialmente_en_linea o totalmente_en_linea.",
    "enlace_en_linea": "Dirección donde se hace en línea, si existe.",
    "resultado": "Lo que obtiene quien lo hace.",
    "fundamento_legal": "Normas que lo regulan.",
    "seguimiento": "Cómo hacer seguimiento a la solicitud.",
    "formularios": "Direcciones de los formularios descargables, una por línea.",
    "url_ficha": "Dirección de la ficha en el portal.",
    "fecha_ultima_revision": "Fecha (AAAA-MM-DD) de la última revisión; vacía si nunca.",
    "por_revisar": "si mientras ningún funcionario haya confirmado la ficha.",
    "fecha_actualizacion": "Fecha y hora (ISO 8601) del último cambio de la ficha.",
}
CSV_COLUMNS = list(COLUMNS)


# Where each cell comes from, in CSV_COLUMNS order: a sheet field as values_list() names it, or
# an annotation the export query writes under the column's own name (the two dates, already as
# text as `isoformat()` writes them). The three lists hold the sheet's pk until `csv_rows` or
# `json_records` puts them in.
CSV_FIELDS = {
    "identificador": "slug",
    "codigo_suit": "suit_code",
    "clase": "kind",
    "nombre": "name",
    "tema": "category__name",
    "entidad": "office__entity__name",
    "dependencia": "office__name",
    "proposito": "purpose",
    "quien_puede_solicitarlo": "who_may_ask",
    "requisitos": "pk",
    "pasos": "pk",
    "es_gratuito": "is_free",
    "costo_valor": "cost_amount",
    "costo_descripcion": "cost_description",
    "costo_norma": "cost_legal_basis",
    "lugar_de_pago": "payment_place",
    "tiempo_respuesta": "response_time_value",
    "tiempo_respuesta_unidad": "response_time_unit",
    "tiempo_respuesta_observaciones": "response_time_notes",
    "atencion_presencial_direccion": "in_person_address",
    "atencion_presencial_horario": "in_person_hours",
    "telefono": "phone",
    "correo": "email",
    "nivel_automatizacion": "automation_level",
    "enlace_en_linea": "online_url",
    "resultado": "result",
    "fundamento_legal": "legal_basis",
    "seguimiento": "tracking",
    "formularios": "pk",
    "url_ficha": "slug",
    "fecha_ultima_revision": "fecha_ultima_revision",
    "por_revisar": "needs_review",
    "fecha_actualizacion": "fecha_actualizacion",
}
(
    _CLASE,
    _TEMA,
    _REQUISITOS,
    _PASOS,
    _ES_GRATUITO,
    _COSTO_VALOR,
    _UNIDAD,
    _NIVEL,
    _FORMULARIOS,
    _URL_FICHA,
    _POR_REVISAR,
) = (
    CSV_COLUMNS.index(column)
    for column in (
        "clase",
        "tema",
        "requisitos",
        "pasos",
        "es_gratuito",
        "costo_valor",
        "tiempo_respuesta_unidad",
        "nivel_automatizacion",
        "formularios",
        "url_ficha",
        "por_revisar",
    )
)


def csv_rows(rows, *, requirements, steps, forms, url_start, url_end) -> list:
    """
    Sheets read as CSV_FIELDS as CSV rows: lists as lines, booleans as si/no. `requirements`
    are every sheet's (sheet pk, description, needs document), `steps` its (sheet pk,
    description) and `forms` its (sheet pk, title, absolute URL), each in order; a sheet with
    none gets an empty cell. The sheet's address is `url_start`, its slug and `url_end`.

    csv.writer writes numbers as text and None as an empty cell.
    """
    return _cells(
        rows,
        requirements=_lines(requirements, 1),
        steps=_lines(steps, 1),
        forms=_lines(forms, 2),
        no_list=None,
        yes_no=YES_NO,
        url_start=url_start,
        url_end=url_end,
    )


def json_records(rows, *, requirements, steps, forms, url_start, url_end) -> list:
    """
    Sheets read as CSV_FIELDS as JSON objects, from the same arguments as `csv_rows`: the CSV's
    columns, with lists where the CSV has lines, and booleans, numbers and null as such.
    """
    cells = _cells(
        rows,
        requirements=_lists(
            (pk, {"descripcion": description, "requiere_documento": needs_document})
            for pk, description, needs_document in requirements
        ),
        steps=_lists(steps),
        forms=_lists((pk, {"titulo": title, "url": url}) for pk, title, url in forms),
        no_list=(),  # json writes a tuple as a list: []
        yes_no={True: True, False: False},
        url_start=url_start,
        url_end=url_end,
    )
    return [dict(zip(CSV_COLUMNS, row, strict=True)) for row in cells]


def _cells(rows, *, requirements, steps, forms, no_list, yes_no, url_start, url_end):
    """
    The cells of sheets read as CSV_FIELDS, for both exports: codes, the amount in whole pesos,
    "" for no topic and the sheet's address written in. `requirements`, `steps` and `forms`
    hold each sheet's lists as the export writes them, by pk (`no_list` for a sheet missing
    from them), and `yes_no` how it writes a boolean.

    One pass with no function call per cell, since it runs for every sheet on every download.
    """
    cells = []
    for row in rows:
        row = list(row)
        pk = row[_REQUISITOS]
        row[_REQUISITOS] = requirements.get(pk, no_list)
        row[_PASOS] = steps.get(pk, no_list)
        row[_FORMULARIOS] = forms.get(pk, no_list)
        row[_CLASE] = KIND_CODES[row[_CLASE]]
        row[_TEMA] = row[_TEMA] or ""
        row[_ES_GRATUITO] = yes_no[row[_ES_GRATUITO]]
        if row[_COSTO_VALOR] is not None:
            row[_COSTO_VALOR] = int(row[_COSTO_VALOR])
        row[_UNIDAD] = TIME_UNIT_CODES[row[_UNIDAD]]
        row[_NIVEL] = AUTOMATION_CODES[row[_NIVEL]]
        row[_URL_FICHA] = f"{url_start}{row[_URL_FICHA]}{url_end}"
        row[_POR_REVISAR] = yes_no[row[_POR_REVISAR]]
        cells.append(row)
    return cells


def _lines(items, at):
    """{sheet pk: the items' values at `at`, one per line}, from (sheet pk, ...) items in order."""
    lines = {}
    for item in items:
        pk = item[0]
        value = item[at]
        lines[pk] = f"{lines[pk]}\n{value}" if pk in lines else value
    return lines


def _lists(pairs):
    """{sheet pk: its values in order}, from (sheet pk, value) pairs in order."""
    lists = {}
    for pk, value in pairs:
        if pk in lists:
            lists[pk].append(value)
        else:
            lists[pk] = [value]
    return lists


def government_service(procedure, url, municipality) -> dict:
    """schema.org GovernmentService for a sheet; `url` is the sheet's absolute address."""
    place = f"{municipality.name}, {municipality.department}"
    channels = []
    if procedure.in_person_address:
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": "Atención presencial",
                "servicePostalAddress": {
                    "@type": "PostalAddress",
                    "streetAddress": procedure.in_person_address,
                    "addressLocality": municipality.name,
                    "addressRegion": municipality.department,
                    "addressCountry": "CO",
                },
                "availableLanguage": "es",
            }
        )
    if procedure.is_online:
        channels.append(
            {"@type": "ServiceChannel", "name": "En línea", "serviceUrl": procedure.online_url}
        )
    if procedure.phone:
        channels.append(
            {
                "@type": "ServiceChannel",
                "name": "Teléfono",
                "servicePhone": {"@type": "ContactPoint", "telephone": procedure.phone},
            }
        )
    if procedure.response_time_value is not None:
        duration = f"P{procedure.response_time_value}D"
        for channel in channels:
            channel["processingTime"] = duration
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": procedure.name,
        "url": url,
        "description": procedure.purpose,
        "serviceType": procedure.get_kind_display(),
        "areaServed": {"@type": "City", "name": place},
        "provider": {
            "@type": "GovernmentOrganization",
            "name": procedure.office.entity.name,
            "department": {"@type": "GovernmentOrganization", "name": procedure.office.name},
        },
        "availableChannel": channels,
    }
    if procedure.category:
        data["category"] = procedure.category.name
    if procedure.who_may_ask:
        data["audience"] = {"@type": "Audience", "audienceType": procedure.who_may_ask}
    if procedure.is_free or procedure.cost_amount is not None:
        price = 0 if procedure.is_free else int(procedure.cost_amount)
        data["offers"] = {"@type": "Offer", "price": str(price), "priceCurrency": "COP"}
    return data
