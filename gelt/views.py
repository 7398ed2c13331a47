"""The public page of the GEL-T plan, its live progress and today's Gobierno Digital policy."""

import orjson
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.models import Entity
from transparency.models import MenuItem

from .ita import entity_assessment
from .models import CommitteeMember, ItaSnapshot, Result
from .overview import overview, plan_actions
from .policy import public_policy_view


def public(request):
    today = timezone.localdate()
    context = overview(today)
    plan = context["plan"]
    context["actions"] = plan_actions(context["indicators"])
    context["last_updated"] = plan.updated_at if plan else None
    context.update(public_policy_view(context["phases"], today))
    context["members"] = list(CommitteeMember.objects.active())
    return render(request, "gelt/public.html", context)


@require_GET
def ita_entity(request, slug):
    """
    One entity's ITA-style self-assessment computed now from its own transparency menu, with
    everything that is missing item by item (printable, for the entity's annual ITA report),
    beside the last measured figure the public page shows. Fixed number of queries.
    """
    entity = get_object_or_404(Entity, slug=slug)
    assessment = entity_assessment(timezone.localdate(), entity)
    if not assessment.categories:
        raise Http404("Esta entidad no tiene menú de Transparencia.")
    snapshot = ItaSnapshot.objects.filter(entity=entity).first()
    return render(
        request,
        "gelt/ita_entity.html",
        {
            "entity": entity,
            "assessment": assessment,
            "snapshot": snapshot,
            "menu_url": MenuItem.entity_menu_url(entity),
            "now": timezone.now(),
        },
    )


def _number(value):
    return None if value is None else float(value)


def _evidence_url(request, criterion):
    """The absolute link to a criterion's current evidence: its URL, else its file."""
    if criterion.latest_evidence_url:
        return request.build_absolute_uri(criterion.latest_evidence_url)
    if criterion.latest_evidence_file:
        return request.build_absolute_uri(default_storage.url(criterion.latest_evidence_file))
    return None


@require_GET
def data_json(request):
    """
    The dashboard as open data: every criterion (code, phase, automatic or not, its current
    result, score, date and evidence link) and every indicator (goal, latest value and date).
    The same figures as the public page, from the same overview, in a constant number of
    queries. A criterion nobody evaluated has result "sin_evaluar" and no score.
    """
    today = timezone.localdate()
    context = overview(today)
    criteria, phases = [], []
    for row in context["phases"]:
        phase = row.phase
        phases.append(
            {
                "orden": phase.order,
                "nombre": phase.name,
                "meta_porcentaje": phase.goal,
                "avance_porcentaje": _number(row.percent),
                "estado": row.status,
                "criterios": len(row.criteria),
                "criterios_sin_evaluar": row.unevaluated,
                "fecha_meta_comite": (
                    phase.committee_deadline.isoformat() if phase.committee_deadline else None
                ),
                "plazo_historico_territorial": phase.deadline_territorial.isoformat(),
            }
        )
        for criterion in row.criteria:
            evaluated = criterion.latest_date is not None
            criteria.append(
                {
                    "codigo": criterion.code,
                    "nombre": criterion.name,
                    "fase": phase.order,
                    "fase_nombre": phase.name,
                    "peso": _number(criterion.weight),
                    "automatico": bool(criterion.check_key),
                    "verificacion": criterion.check_key or None,
                    "resultado": criterion.latest_result if evaluated else "sin_evaluar",
                    "resultado_texto": (
                        Result(criterion.latest_result).label if evaluated else "Sin evaluar"
                    ),
                    "evaluacion": (
                        ("automática" if criterion.latest_automatic else "manual")
                        if evaluated
                        else None
                    ),
                    "puntaje": _number(criterion.latest_score),
                    "fecha": criterion.latest_date.isoformat() if evaluated else None,
                    "evidencia": criterion.latest_evidence or "",
                    "url_evidencia": _evidence_url(request, criterion) if evaluated else None,
                }
            )
    indicators = []
    for row in context["indicators"]:
        indicator = row.indicator
        indicators.append(
            {
                "codigo": indicator.code,
                "nombre": indicator.name,
                "accion": indicator.action.order if indicator.action else None,
                "unidad": indicator.unit,
                "meta": _number(indicator.goal),
                "meta_texto": indicator.goal_text,
                "mas_es_mejor": indicator.higher_is_better,
                "automatico": bool(indicator.check_key),
                "ultimo_valor": _number(indicator.latest_value),
                "fecha": indicator.latest_date.isoformat() if indicator.latest_date else None,
                "estado": row.state.label,
                "en_el_plan": indicator.in_plan,
            }
        )
    payload = {
        "generado": timezone.now().isoformat(),
        "pagina": request.build_absolute_uri(reverse("gelt:public")),
        "nota": "Plan GEL-T (Decreto 1151 de 2008, plazos históricos). La lista de criterios "
        "es provisional (códigos propios). Un criterio sin evaluar no cuenta como 0 %.",
        "fases": phases,
        "criterios": criteria,
        "indicadores": indicators,
    }
    return HttpResponse(
        orjson.dumps(payload, option=orjson.OPT_INDENT_2), content_type="application/json"
    )
