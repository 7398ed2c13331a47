"""
Automatic checks: the portal measures itself.

`CHECKS` maps a key (the `check_key` of a Criterion or an Indicator) to a function of `today`
that returns a `CheckResult`: a value, its unit, the goal used to judge a criterion, and the
evidence a person can verify. Checks read other apps only through their published querysets and
their `stats` functions; those apps know nothing of GEL-T. `measure_all` stores the results.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from participation.stats import participation_stats
from portal.models import Document, Entity, Event, Municipality, NewsItem, Official, Page
from pqrsd.stats import request_stats
from tramites.models import Procedure, ProcedureForm
from tramites.stats import catalogue_stats
from transparency.stats import menu_stats

from . import compliance
from .models import (
    Action,
    Administration,
    CommitteeMember,
    Criterion,
    Evaluation,
    Indicator,
    LinkedEntity,
    Measurement,
    Meeting,
    Phase,
    Plan,
)
from .overview import phase_progress

logger = logging.getLogger(__name__)

UPDATE_WEEKS = 8
PQRSD_WINDOW_DAYS = 365


@dataclass(frozen=True)
class CheckResult:
    value: Decimal | None
    evidence: str
    unit: str = "percent"
    goal: Decimal = Decimal(100)
    higher_is_better: bool = True
    url: str = ""


CHECKS = {}


def register(key, label):
    """Add a check to the registry under `key`, with a Spanish label for people."""

    def decorator(function):
        function.label = label
        CHECKS[key] = function
        return function

    return decorator


def end_of(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def decimal_or_none(value):
    return None if value is None else compliance.to_decimal(value)


def spanish_number(value):
    """1.5 -> "1,5": evidence is read by people in Colombia."""
    return str(value).replace(".", ",")


@register("frecuencia_actualizacion", "Semanas con al menos una publicación en el portal")
def update_frequency(today):
    """
    The share of the last UPDATE_WEEKS weeks (Monday to Sunday, the current one included) with
    at least one publication (news, events, documents, pages): the plan asks "mínimo una vez a
    la semana", so a week without any counts against it, however busy the others were.
    """
    first_week = compliance.week_start(today) - datetime.timedelta(weeks=UPDATE_WEEKS - 1)
    start = timezone.make_aware(datetime.datetime.combine(first_week, datetime.time.min))
    now = end_of(today)
    kinds = {"noticias": NewsItem, "eventos": Event, "documentos": Document, "páginas": Page}
    days, per_kind = [], {}
    for label, model in kinds.items():
        moments = list(
            model.objects.published(now=now)
            .filter(publish_at__gte=start)
            .values_list("publish_at", flat=True)
        )
        per_kind[label] = len(moments)
        days.extend(local_date(moment) for moment in moments)
    counts = compliance.weekly_counts(days, today, UPDATE_WEEKS)
    weeks_met = compliance.weeks_with_updates(counts)
    value = compliance.round_percent(Decimal(weeks_met) / UPDATE_WEEKS * 100)
    detail = ", ".join(f"{label} {n}" for label, n in per_kind.items())
    evidence = (
        f"{weeks_met} de las últimas {UPDATE_WEEKS} semanas (desde el {first_week:%d/%m/%Y}) "
        f"tuvieron al menos una publicación; {UPDATE_WEEKS - weeks_met} sin ninguna. "
        f"{sum(counts)} publicaciones: {detail}. "
        f"Por semana, de la más antigua a la actual: {', '.join(map(str, counts))}."
    )
    if days:
        evidence += f" Última publicación: {max(days):%d/%m/%Y}."
    else:
        evidence = f"No hay contenido publicado en las últimas {UPDATE_WEEKS} semanas. " + evidence
    return CheckResult(value, evidence, url=reverse("portal:news_list"))


def linked_entities_check(level):
    def check(today):
        names = list(
            LinkedEntity.objects.agreed_in(today.year)
            .filter(level=level)
            .values_list("name", flat=True)
        )
        goal = LINKED_GOALS[level]
        label = LinkedEntity.Level(level).label.lower()
        if names:
            evidence = (
                f"Entidades del orden {label} con acuerdo firmado en {today.year}: "
                f"{'; '.join(names)}."
            )
        else:
            evidence = f"Ninguna entidad del orden {label} vinculada en {today.year}."
        return CheckResult(Decimal(len(names)), evidence, unit="count", goal=Decimal(goal))

    return check


# The plan's goal per year: 4 local, 2 departmental, 1 national.
LINKED_GOALS = {
    LinkedEntity.Level.LOCAL: 4,
    LinkedEntity.Level.DEPARTMENTAL: 2,
    LinkedEntity.Level.NATIONAL: 1,
}
for _key, _level in [
    ("entidades_locales", LinkedEntity.Level.LOCAL),
    ("entidades_departamentales", LinkedEntity.Level.DEPARTMENTAL),
    ("entidades_nacionales", LinkedEntity.Level.NATIONAL),
]:
    register(_key, f"Entidades del orden {_level.label.lower()} vinculadas este año")(
        linked_entities_check(_level)
    )


@register("plan_publicado", "Plan de acción publicado en el sitio")
def plan_published(today):
    """The plan is on /gobierno-en-linea/ once loaded with its phases and actions."""
    url = reverse("gelt:public")
    plan = Plan.current()
    phases, actions = Phase.objects.count(), Action.objects.count()
    if plan is None or not phases or not actions:
        return CheckResult(
            Decimal(0),
            "El plan no está cargado: ejecute «manage.py load_gelt_plan» para publicarlo.",
            url=url,
        )
    evidence = (
        f"El plan se publica en {url} con su visión, objetivos, {phases} fases "
        f"y {actions} acciones, y su avance medido."
    )
    documents = list(
        Document.objects.published(now=end_of(today))
        .filter(kind=Document.Kind.PLAN, title__icontains="gobierno en l")
        .values_list("title", flat=True)[:5]
    )
    if documents:
        evidence += f" Documentos publicados: {'; '.join(documents)}."
    return CheckResult(Decimal(100), evidence, url=url)


def phase_criteria_check(order):
    def check(today):
        row = next((row for row in phase_progress(today) if row.phase.order == order), None)
        if row is None or not row.criteria:
            return CheckResult(None, "La fase no tiene criterios activos.")
        if row.percent is None:
            return CheckResult(
                None, f"Ninguno de los {len(row.criteria)} criterios de la fase está evaluado."
            )
        evidence = (
            f"{row.met} de {len(row.criteria)} criterios cumplen; {row.unevaluated} sin evaluar "
            "(no entran en el porcentaje: se muestran aparte). Porcentaje ponderado por el peso "
            f"de los {row.evaluated} criterios evaluados."
        )
        return CheckResult(row.percent, evidence, url=reverse("gelt:public"))

    return check


for _order in range(1, 6):
    register(f"criterios_fase_{_order}", f"Criterios cumplidos en la fase {_order}")(
        phase_criteria_check(_order)
    )


GROUP_NAMES = {
    "all": ("trámites y servicios", "trámites, OPA ni servicios"),
    "tramites": ("trámites y OPA", "trámites ni OPA"),
    "services": ("servicios", "servicios"),
}


def catalogue_check(group, measure):
    """
    A share of the published sheets of `group` ("all", "tramites" or "services"): of complete
    quality (every required field, SUIT number, reviewed in the last six months) or online.
    """

    def check(today):
        stats, url = catalogue_stats(today), reverse("tramites:catalogue")
        counts = stats.group(group)
        plural, none = GROUP_NAMES[group]
        if not counts.published:
            return CheckResult(None, f"No hay {none} publicados ({stats.total} fichas).", url=url)
        if measure == "quality":
            value, part = counts.share_quality_complete, counts.quality_complete
            evidence = (
                f"{part} de {counts.published} {plural} publicados tienen calidad completa: "
                f"{counts.fields_complete} con todos los campos obligatorios, "
                f"{counts.with_suit} con número SUIT (o que no lo requieren) y "
                f"{counts.reviewed_in_time} revisados en los últimos seis meses."
            )
        else:
            online = measure == "online"
            value = counts.share_online if online else counts.share_fully_online
            part = counts.online if online else counts.fully_online
            what = "parcial o totalmente" if online else "totalmente"
            evidence = (
                f"{part} de {counts.published} {plural} publicados se pueden hacer {what} en "
                f"línea ({counts.partly_online} parcialmente y {counts.fully_online} "
                "totalmente)."
            )
        return CheckResult(decimal_or_none(value), evidence, url=url)

    return check


for _key, _label, _group, _measure in [
    (
        "tramites_fichas_completas",
        "Trámites y servicios publicados con calidad completa",
        "all",
        "quality",
    ),
    ("tramites_en_linea", "Trámites y servicios en línea (parcial o totalmente)", "all", "online"),
    ("tramites_totalmente_en_linea", "Trámites y servicios totalmente en línea", "all", "full"),
    (
        "servicios_calidad_completa",
        "Servicios publicados con calidad completa",
        "services",
        "quality",
    ),
    ("servicios_automatizados", "Servicios en línea (parcial o totalmente)", "services", "online"),
    (
        "tramites_calidad_completa",
        "Trámites y OPA publicados con calidad completa",
        "tramites",
        "quality",
    ),
    (
        "tramites_automatizados",
        "Trámites y OPA en línea (parcial o totalmente)",
        "tramites",
        "online",
    ),
]:
    register(_key, _label)(catalogue_check(_group, _measure))


def pqrsd_window(today):
    start = today - datetime.timedelta(days=PQRSD_WINDOW_DAYS)
    return start, request_stats(start=start, end=today, today=today)


@register("pqrsd_a_tiempo", "PQRSD respondidas dentro del término legal")
def pqrsd_on_time(today):
    """The share of pqrsd.stats: answered on time among the answered and the overdue."""
    start, stats = pqrsd_window(today)
    url = reverse("pqrsd:stats")
    if not stats.due_or_answered:
        return CheckResult(
            None,
            f"Ninguna PQRSD radicada desde el {start:%d/%m/%Y} ha sido respondida ni está "
            f"vencida ({stats.received} recibidas).",
            url=url,
        )
    evidence = (
        f"{stats.answered_on_time} de {stats.due_or_answered} PQRSD a tiempo: de "
        f"{stats.answered} respondidas y {stats.overdue_open} vencidas sin respuesta (que "
        f"cuentan como tarde), radicadas desde el {start:%d/%m/%Y}; {stats.received} recibidas."
    )
    return CheckResult(decimal_or_none(stats.share_answered_on_time), evidence, url=url)


@register("pqrsd_tiempo_promedio", "Tiempo promedio de respuesta de las PQRSD")
def pqrsd_average_time(today):
    start, stats = pqrsd_window(today)
    days = {"unit": "days", "goal": Decimal(15), "higher_is_better": False}
    url = reverse("pqrsd:stats")
    if stats.average_response_business_days is None:
        return CheckResult(
            None,
            f"Sin PQRSD respondidas desde el {start:%d/%m/%Y}: no hay tiempo que promediar.",
            url=url,
            **days,
        )
    evidence = (
        f"Promedio de {spanish_number(stats.average_response_business_days)} días hábiles, "
        f"calculado sobre las {stats.days_counted} PQRSD respondidas radicadas desde el "
        f"{start:%d/%m/%Y} (no incluye las {stats.overdue_open} vencidas sin respuesta)."
    )
    return CheckResult(
        decimal_or_none(stats.average_response_business_days), evidence, url=url, **days
    )


@register("transparencia_menu", "Ítems del menú de Transparencia con información")
def transparency_menu(today):
    stats, url = menu_stats(today), reverse("transparency:menu")
    if not stats.items:
        return CheckResult(
            None,
            "El menú de Transparencia no está cargado (manage.py load_transparency_menu).",
            url=url,
        )
    evidence = (
        f"{stats.filled} de {stats.items} ítems aplicables del menú de Transparencia tienen "
        f"información ({stats.empty} vacíos, {stats.stale} desactualizados, "
        f"{stats.not_applicable} no aplican)."
    )
    return CheckResult(decimal_or_none(stats.share_filled), evidence, url=url)


@register("participacion_consultas", "Consultas, encuestas y proyectos publicados este año")
def participation_consultations(today):
    stats = participation_stats(today, year=today.year)
    total = stats.surveys_published + stats.drafts_published
    evidence = (
        f"En {today.year}: {stats.surveys_published} encuestas ({stats.survey_responses} "
        f"respuestas) y {stats.drafts_published} proyectos de norma para comentarios "
        f"({stats.comments_received} comentarios)."
    )
    url = reverse("participation:index")
    return CheckResult(Decimal(total), evidence, unit="count", goal=Decimal(1), url=url)


@register("participacion_resultados", "Comentarios ciudadanos respondidos públicamente")
def participation_results(today):
    stats, url = participation_stats(today, year=today.year), reverse("participation:index")
    if not stats.comments_received:
        return CheckResult(None, f"Ningún comentario ciudadano recibido en {today.year}.", url=url)
    evidence = (
        f"En {today.year}: {stats.comments_answered} de {stats.comments_received} comentarios "
        f"respondidos; informes de comentarios completos publicados: {stats.reports_published}."
    )
    return CheckResult(decimal_or_none(stats.share_comments_answered), evidence, url=url)


# --- Criteria the portal holds the evidence of: each checks its minimum contents -----------


def contents_check(items, url, what):
    """
    A criterion met when every minimum content (label, present?) is there: the value is the
    share present, the evidence names what is there and what is missing.
    """
    present = [label for label, ok in items if ok]
    missing = [label for label, ok in items if not ok]
    value = compliance.round_percent(Decimal(len(present)) / len(items) * 100)
    evidence = f"{what}: {len(present)} de {len(items)} contenidos mínimos publicados."
    if present:
        evidence += f" Publicado: {'; '.join(present)}."
    if missing:
        evidence += f" Falta: {'; '.join(missing)}."
    return CheckResult(value, evidence, url=url)


def published_documents(today, **filters):
    return Document.objects.published(now=end_of(today)).filter(**filters)


def documents_url(kind):
    return f"{reverse('portal:document_list')}?tipo={kind}"


@register("entidad_informacion_basica", "Información básica de la Alcaldía publicada")
def entity_basic_information(today):
    entity = Entity.objects.filter(kind=Entity.Kind.ALCALDIA).first()
    municipality = Municipality.current()
    if entity is None:
        return CheckResult(None, "La Alcaldía no está registrada (manage.py load_institution).")
    officials = Official.objects.active().filter(office__entity=entity).count()
    items = [
        ("misión", bool(entity.mission.strip())),
        ("visión", bool(entity.vision.strip())),
        ("objetivos", bool(entity.objectives.strip())),
        ("funciones y deberes", bool(entity.functions.strip())),
        ("organigrama", bool(entity.organigram)),
        ("dirección de la sede", bool((entity.address or municipality.address).strip())),
        ("teléfono", bool((entity.phone or municipality.phone).strip())),
        ("correo electrónico", bool(entity.email or municipality.contact_email)),
        ("horario de atención", bool((entity.office_hours or municipality.office_hours).strip())),
        (f"directorio de servidores públicos ({officials})", officials > 0),
    ]
    url = reverse("portal:entity_detail", args=[entity.slug])
    return contents_check(items, url, f"Información básica de {entity.name}")


@register("documentos_normatividad", "Acuerdos, decretos y resoluciones publicados")
def regulations_published(today):
    counts = dict(
        published_documents(today, kind__in=Document.ACTOS_ADMINISTRATIVOS)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds = {
        Document.Kind.ACUERDO: "acuerdos",
        Document.Kind.DECRETO: "decretos",
        Document.Kind.RESOLUCION: "resoluciones",
    }
    items = [
        (f"{label} ({counts.get(kind, 0)})", bool(counts.get(kind)))
        for kind, label in kinds.items()
    ]
    return contents_check(items, reverse("portal:document_list"), "Normatividad")


@register("documentos_presupuesto", "Presupuesto del año y ejecución histórica publicados")
def budget_published(today):
    years = set(
        published_documents(today, kind=Document.Kind.PRESUPUESTO).values_list(
            "issued_on__year", flat=True
        )
    )
    items = [
        (f"presupuesto de {today.year}", today.year in years),
        ("presupuesto o ejecución de años anteriores", any(y < today.year for y in years)),
    ]
    return contents_check(items, documents_url(Document.Kind.PRESUPUESTO), "Presupuesto")


def titled(queryset, *words):
    """Rows of `queryset` whose title contains any of `words` (case-insensitive)."""
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    return queryset.filter(condition)


@register("documentos_planes", "Plan de Desarrollo y Plan de Acción publicados")
def plans_published(today):
    plans = published_documents(today, kind=Document.Kind.PLAN)
    items = [
        ("Plan de Desarrollo", titled(plans, "desarrollo").exists()),
        ("Plan de Acción", titled(plans, "plan de acción", "plan de accion").exists()),
    ]
    return contents_check(items, documents_url(Document.Kind.PLAN), "Planes")


@register("documentos_contratacion", "Plan de adquisiciones y contratación publicados")
def contracting_published(today):
    contracting = published_documents(today, kind=Document.Kind.CONTRATACION)
    last_year = today - datetime.timedelta(days=365)
    items = [
        ("plan anual de adquisiciones", titled(contracting, "adquisiciones", "compras").exists()),
        ("contratación del último año", contracting.filter(issued_on__gte=last_year).exists()),
    ]
    return contents_check(items, documents_url(Document.Kind.CONTRATACION), "Contratación")


@register("documentos_control", "Informes de gestión y planes de mejoramiento publicados")
def control_published(today):
    reports = published_documents(today, kind=Document.Kind.INFORME)
    last_year = today - datetime.timedelta(days=365)
    items = [
        ("informes de gestión", titled(reports, "gestión", "gestion").exists()),
        ("planes de mejoramiento", titled(published_documents(today), "mejoramiento").exists()),
        ("algún informe del último año", reports.filter(issued_on__gte=last_year).exists()),
    ]
    return contents_check(items, documents_url(Document.Kind.INFORME), "Control")


@register("noticias_y_eventos", "Noticias recientes y calendario de actividades")
def news_and_events(today):
    now = end_of(today)
    month_ago = now - datetime.timedelta(days=30)
    news = NewsItem.objects.published(now=now).filter(publish_at__gte=month_ago).count()
    events = Event.objects.published(now=now).filter(
        starts_at__gte=now - datetime.timedelta(days=90)
    )
    pages = Page.objects.published(now=now)
    items = [
        (f"noticias de los últimos 30 días ({news})", news > 0),
        ("calendario de actividades con eventos recientes o próximos", events.exists()),
        ("preguntas frecuentes", titled(pages, "preguntas frecuentes").exists()),
    ]
    return contents_check(items, reverse("portal:event_list"), "Información al ciudadano")


@register("buscador_mapa_sitio", "Buscador y mapa del sitio con el contenido publicado")
def search_and_site_map(today):
    now = end_of(today)
    published = (
        NewsItem.objects.published(now=now).count()
        + Document.objects.published(now=now).count()
        + Page.objects.published(now=now).count()
    )
    items = [
        (f"buscador en {reverse('search:results')}", True),
        (f"mapa del sitio en {reverse('site_map')} y {reverse('sitemap')}", True),
        (
            f"contenido publicado que buscar ({published} noticias, documentos y páginas)",
            published > 0,
        ),
    ]
    return contents_check(items, reverse("site_map"), "Buscador y mapa del sitio")


POLICY_PAGES = {
    "politica-de-privacidad": "política de tratamiento de datos personales",
    "terminos-y-condiciones": "términos y condiciones de uso",
    "politica-de-seguridad-y-privacidad": "política de seguridad de la información",
}


@register("politicas_sitio", "Políticas del sitio publicadas y dominio .gov.co")
def site_policies(today):
    slugs = set(
        Page.objects.published(now=end_of(today))
        .filter(slug__in=POLICY_PAGES)
        .values_list("slug", flat=True)
    )
    host = urlsplit(Municipality.current().website).hostname or ""
    items = [(label, slug in slugs) for slug, label in POLICY_PAGES.items()]
    items.append((f"dominio .gov.co ({host or 'sin sitio registrado'})", host.endswith(".gov.co")))
    first = next((slug for slug in POLICY_PAGES if slug in slugs), None)
    url = reverse("portal:page_detail", args=[first]) if first else reverse("site_map")
    return contents_check(items, url, "Políticas del sitio")


@register("canales_contacto", "Canales de contacto: correo, teléfono y formulario en línea")
def contact_channels(today):
    municipality = Municipality.current()
    items = [
        ("correo de contacto", bool(municipality.contact_email)),
        ("correo de notificaciones judiciales", bool(municipality.judicial_email)),
        ("teléfono", bool(municipality.phone.strip())),
        ("formulario de PQRSD en línea", True),
    ]
    return contents_check(items, reverse("pqrsd:file"), "Contacto")


@register("datos_abiertos", "Datos abiertos del portal con datos")
def open_data(today):
    now = end_of(today)
    procedures = Procedure.objects.published(now=now).count()
    events = Event.objects.published(now=now).count()
    requests = request_stats(start=today - datetime.timedelta(days=PQRSD_WINDOW_DAYS), today=today)
    items = [
        (f"catálogo de trámites ({procedures} fichas)", procedures > 0),
        (f"estadísticas de PQRSD ({requests.received} solicitudes)", requests.received > 0),
        (f"eventos ({events})", events > 0),
    ]
    return contents_check(items, reverse("datos:index"), "Consultas a bases de datos")


@register("formularios_descargables", "Formularios descargables en las fichas publicadas")
def downloadable_forms(today):
    forms = ProcedureForm.objects.filter(
        procedure__in=Procedure.objects.published(now=end_of(today))
    )
    total = forms.count()
    sheets = forms.values("procedure").distinct().count()
    evidence = f"{total} formularios para descargar en {sheets} fichas de trámites publicadas."
    url = reverse("tramites:catalogue")
    return CheckResult(Decimal(total), evidence, unit="count", goal=Decimal(1), url=url)


@register("rss_noticias", "Suscripción: noticias por RSS y calendario ICS")
def subscriptions(today):
    now = end_of(today)
    news = NewsItem.objects.published(now=now).exists()
    events = Event.objects.published(now=now).exists()
    items = [
        (f"noticias por RSS en {reverse('portal:news_feed')}", news),
        (f"calendario de eventos ICS en {reverse('portal:event_calendar')}", events),
    ]
    return contents_check(items, reverse("portal:news_feed"), "Suscripción")


@register("encuestas", "Encuestas publicadas este año")
def surveys(today):
    stats = participation_stats(today, year=today.year)
    evidence = (
        f"En {today.year}: {stats.surveys_published} encuestas publicadas "
        f"({stats.surveys_open} abiertas hoy; {stats.survey_responses} respuestas)."
    )
    url = reverse("participation:index")
    value = Decimal(stats.surveys_published)
    return CheckResult(value, evidence, unit="count", goal=Decimal(1), url=url)


@register("seguimiento_tramites", "Fichas que dicen cómo seguir el trámite")
def procedure_tracking(today):
    published = Procedure.objects.published(now=end_of(today))
    total = published.count()
    url = reverse("tramites:catalogue")
    if not total:
        return CheckResult(None, "No hay trámites ni servicios publicados.", url=url)
    tracked = published.exclude(tracking="").count()
    evidence = (
        f"{tracked} de {total} fichas publicadas dicen cómo hacer seguimiento; las PQRSD se "
        f"siguen en línea con radicado y código en {reverse('pqrsd:track')}."
    )
    return CheckResult(compliance.round_percent(Decimal(tracked) / total * 100), evidence, url=url)


@register("proyectos_para_comentarios", "Proyectos de norma o planes publicados para comentarios")
def drafts_for_comments(today):
    stats = participation_stats(today, year=today.year)
    evidence = (
        f"En {today.year}: {stats.drafts_published} proyectos publicados para comentarios "
        f"({stats.drafts_open} abiertos hoy; {stats.comments_received} comentarios)."
    )
    url = reverse("participation:index")
    value = Decimal(stats.drafts_published)
    return CheckResult(value, evidence, unit="count", goal=Decimal(1), url=url)


@register("rendicion_cuentas", "Rendición de cuentas publicada en el último año")
def accountability(today):
    now = end_of(today)
    since = now - datetime.timedelta(days=365)
    events = titled(
        Event.objects.published(now=now), "rendición de cuentas", "rendicion de cuentas"
    )
    documents = titled(
        Document.objects.published(now=now), "rendición de cuentas", "rendicion de cuentas"
    )
    found = (
        events.filter(starts_at__gte=since).count()
        + documents.filter(issued_on__gte=since.date()).count()
    )
    evidence = (
        f"{found} eventos o documentos de rendición de cuentas publicados en los últimos 12 meses."
    )
    url = f"{reverse('search:results')}?q=rendici%C3%B3n+de+cuentas"
    return CheckResult(Decimal(found), evidence, unit="count", goal=Decimal(1), url=url)


@register("empalme_funcionarios", "Miembros del comité vinculados en la administración actual")
def handover_officials(today):
    """
    A6: the officials of the administration in office (the committee's active members) who
    took part in the process since its period began: they attended at least one committee
    meeting held since 1 January of the administration's first year.
    """
    administration = Administration.objects.current()
    url = reverse("gelt:public")
    if administration is None:
        return CheckResult(
            None, "Registre la administración actual (alcalde y periodo) para medirlo.", url=url
        )
    start = timezone.make_aware(datetime.datetime(administration.period_start, 1, 1))
    members = list(CommitteeMember.objects.active().order_by("name"))
    if not members:
        return CheckResult(None, "El comité no tiene miembros activos registrados.", url=url)
    attended = set(
        Meeting.objects.held(end_of(today))
        .filter(starts_at__gte=start)
        .values_list("attendees", flat=True)
    )
    linked = [m for m in members if m.pk in attended]
    missing = [m.name for m in members if m.pk not in attended]
    evidence = (
        f"{len(linked)} de {len(members)} miembros activos del comité asistieron al menos a "
        f"una reunión desde el inicio del periodo {administration.period}."
    )
    if missing:
        evidence += f" Sin asistir: {'; '.join(missing)}."
    value = compliance.round_percent(Decimal(len(linked)) / len(members) * 100)
    return CheckResult(value, evidence, url=url)


def last_measured():
    """When `measure_all` last stored an automatic evaluation or measurement, or None."""
    moments = [
        model.objects.filter(automatic=True).aggregate(last=Max("updated_at"))["last"]
        for model in (Evaluation, Measurement)
    ]
    return max((m for m in moments if m), default=None)


@dataclass
class Outcome:
    """What `measure_all` did with one criterion or indicator."""

    target: str
    key: str
    value: Decimal | None
    stored: bool
    note: str = ""


class CheckFailed(Exception):
    """A check could not run; `measure_all` records why and goes on with the others."""


@transaction.atomic
def measure_all(*, today, user=None) -> list[Outcome]:
    """
    Run every check in use and store today's automatic Evaluation or Measurement with its
    evidence and the link to it.

    A second run on the same day updates that day's automatic rows instead of adding new ones.
    A manual evaluation or measurement the committee entered is never touched: it is kept
    beside the automatic one (history keeps both) and overrides it as the model says. Criteria
    go first, because the phase indicators read their evaluations. A check that fails is
    logged and skipped, so one broken source does not stop the committee's measurement.
    """
    results = {}

    def result_of(key):
        if key not in CHECKS:
            raise CheckFailed("verificación aún no disponible")
        if key not in results:
            try:
                with transaction.atomic():
                    results[key] = CHECKS[key](today)
            except Exception as error:
                logger.exception("La verificación GEL-T «%s» falló", key)
                results[key] = CheckFailed(f"la verificación falló ({type(error).__name__})")
        if isinstance(results[key], CheckFailed):
            raise results[key]
        return results[key]

    outcomes = []
    criteria = Criterion.objects.active().exclude(check_key="").order_by("code")
    existing = {
        e.criterion_id: e
        for e in Evaluation.objects.filter(date=today, automatic=True, criterion__in=criteria)
    }
    for criterion in criteria:
        try:
            result = result_of(criterion.check_key)
        except CheckFailed as failure:
            outcomes.append(Outcome(criterion.code, criterion.check_key, None, False, str(failure)))
            continue
        verdict, score = compliance.judge(result.value, result.goal, result.higher_is_better)
        evaluation = existing.get(criterion.pk) or Evaluation(
            criterion=criterion, date=today, automatic=True
        )
        evaluation.result, evaluation.score = verdict, score
        evaluation.evidence_text = result.evidence
        evaluation.evidence_url = result.url
        evaluation.evaluator = user
        evaluation.save()
        outcomes.append(Outcome(criterion.code, criterion.check_key, result.value, True))

    indicators = Indicator.objects.exclude(check_key="").order_by("order", "code")
    existing = {
        m.indicator_id: m
        for m in Measurement.objects.filter(date=today, automatic=True, indicator__in=indicators)
    }
    for indicator in indicators:
        try:
            result = result_of(indicator.check_key)
        except CheckFailed as failure:
            outcomes.append(Outcome(indicator.code, indicator.check_key, None, False, str(failure)))
            continue
        measurement = existing.get(indicator.pk) or Measurement(
            indicator=indicator, date=today, automatic=True
        )
        measurement.value = decimal_or_none(result.value)
        measurement.source = f"Verificación automática: {CHECKS[indicator.check_key].label}"
        measurement.evidence_text = result.evidence
        measurement.evidence_url = result.url
        measurement.recorded_by = user
        measurement.save()
        outcomes.append(Outcome(indicator.code, indicator.check_key, result.value, True))
    return outcomes
