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

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from participation.stats import participation_stats
from portal.models import Document, Event, NewsItem, Page
from pqrsd.stats import request_stats
from tramites.stats import catalogue_stats
from transparency.stats import menu_stats

from . import compliance
from .models import (
    Action,
    Criterion,
    Evaluation,
    Indicator,
    LinkedEntity,
    Measurement,
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
        if row is None or row.percent is None:
            return CheckResult(None, "La fase no tiene criterios activos.")
        evidence = (
            f"{row.met} de {len(row.criteria)} criterios cumplen; {row.unevaluated} sin evaluar "
            "(cuentan como no cumplidos). Porcentaje ponderado por el peso de cada criterio."
        )
        return CheckResult(row.percent, evidence)

    return check


for _order in range(1, 6):
    register(f"criterios_fase_{_order}", f"Criterios cumplidos en la fase {_order}")(
        phase_criteria_check(_order)
    )


def evidence_of(result):
    return f"{result.evidence} Consultar: {result.url}" if result.url else result.evidence


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
    Run every check in use and store today's Evaluation or Measurement with its evidence.

    A second run on the same day updates that day's rows instead of adding new ones, and
    never replaces a row the committee entered by hand that day. Criteria go first, because
    the phase indicators read their evaluations. A check that fails is logged and skipped, so
    one broken source does not stop the committee's measurement.
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
    for criterion in Criterion.objects.active().exclude(check_key="").order_by("code"):
        try:
            result = result_of(criterion.check_key)
        except CheckFailed as failure:
            outcomes.append(Outcome(criterion.code, criterion.check_key, None, False, str(failure)))
            continue
        existing = Evaluation.objects.filter(criterion=criterion, date=today).first()
        if existing and not existing.automatic:
            note = "el comité ya la evaluó hoy a mano"
            outcomes.append(Outcome(criterion.code, criterion.check_key, result.value, False, note))
            continue
        verdict, score = compliance.judge(result.value, result.goal, result.higher_is_better)
        evaluation = existing or Evaluation(criterion=criterion, date=today, automatic=True)
        evaluation.result, evaluation.score = verdict, score
        evaluation.evidence_text = evidence_of(result)
        evaluation.evaluator = user
        evaluation.save()
        outcomes.append(Outcome(criterion.code, criterion.check_key, result.value, True))

    for indicator in Indicator.objects.exclude(check_key="").order_by("order", "code"):
        try:
            result = result_of(indicator.check_key)
        except CheckFailed as failure:
            outcomes.append(Outcome(indicator.code, indicator.check_key, None, False, str(failure)))
            continue
        existing = Measurement.objects.filter(indicator=indicator, date=today).first()
        if existing and not existing.automatic:
            note = "el comité ya la midió hoy a mano"
            outcomes.append(Outcome(indicator.code, indicator.check_key, result.value, False, note))
            continue
        measurement = existing or Measurement(indicator=indicator, date=today, automatic=True)
        measurement.value = decimal_or_none(result.value)
        measurement.source = f"Verificación automática: {CHECKS[indicator.check_key].label}"
        measurement.evidence_text = evidence_of(result)
        measurement.recorded_by = user
        measurement.save()
        outcomes.append(Outcome(indicator.code, indicator.check_key, result.value, True))
    return outcomes
