"""
The published catalogue as open data (CSV and JSON) and as schema.org structured data.

Column names are stable: add new ones at the end, never rename or remove one (README, section
"Trámites y datos abiertos"). Plain functions over already loaded sheets; no queries here.
"""

KIND_CODES = {"tramite": "tramite", "opa": "opa", "servicio": "servicio"}
AUTOMATION_CODES = {
    "info": "solo_informacion",
    "partial": "parcialmente_en_linea",
    "full": "totalmente_en_linea",
}
TIME_UNIT_CODES = {"business": "dias_habiles", "calendar": "dias_calendario"}

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


def record(procedure, request) -> dict:
    """One sheet as a JSON object: the CSV's columns, with lists where the CSV has lines."""
    return {
        "identificador": procedure.slug,
        "codigo_suit": procedure.suit_code,
        "clase": KIND_CODES[procedure.kind],
        "nombre": procedure.name,
        "tema": procedure.category.name if procedure.category else "",
        "entidad": procedure.office.entity.name,
        "dependencia": procedure.office.name,
        "proposito": procedure.purpose,
        "quien_puede_solicitarlo": procedure.who_may_ask,
        "requisitos": [
            {"descripcion": r.description, "requiere_documento": r.needs_document}
            for r in procedure.requirements.all()
        ],
        "pasos": [step.description for step in procedure.steps.all()],
        "es_gratuito": procedure.is_free,
        "costo_valor": int(procedure.cost_amount) if procedure.cost_amount is not None else None,
        "costo_descripcion": procedure.cost_description,
        "costo_norma": procedure.cost_legal_basis,
        "lugar_de_pago": procedure.payment_place,
        "tiempo_respuesta": procedure.response_time_value,
        "tiempo_respuesta_unidad": TIME_UNIT_CODES[procedure.response_time_unit],
        "tiempo_respuesta_observaciones": procedure.response_time_notes,
        "atencion_presencial_direccion": procedure.in_person_address,
        "atencion_presencial_horario": procedure.in_person_hours,
        "telefono": procedure.phone,
        "correo": procedure.email,
        "nivel_automatizacion": AUTOMATION_CODES[procedure.automation_level],
        "enlace_en_linea": procedure.online_url,
        "resultado": procedure.result,
        "fundamento_legal": procedure.legal_basis,
        "seguimiento": procedure.tracking,
        "formularios": [
            {"titulo": form.title, "url": request.build_absolute_uri(form.file.url)}
            for form in procedure.forms.all()
        ],
        "url_ficha": request.build_absolute_uri(procedure.get_absolute_url()),
        "fecha_ultima_revision": (
            procedure.last_reviewed_on.isoformat() if procedure.last_reviewed_on else None
        ),
        "por_revisar": procedure.needs_review,
        "fecha_actualizacion": procedure.updated_at.isoformat(),
    }


def csv_row(procedure, request) -> list[str]:
    """One sheet as CSV cells, in CSV_COLUMNS order: lists become lines, booleans si/no."""
    data = record(procedure, request)
    data["requisitos"] = "\n".join(r["descripcion"] for r in data["requisitos"])
    data["pasos"] = "\n".join(data["pasos"])
    data["formularios"] = "\n".join(form["url"] for form in data["formularios"])
    return [_cell(data[column]) for column in CSV_COLUMNS]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "si" if value else "no"
    return str(value)


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
