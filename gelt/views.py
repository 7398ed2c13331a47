"""The public page of the GEL-T plan and its live progress."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from .models import Action, Activity, Criterion
from .overview import overview


def public(request):
    today = timezone.localdate()
    # The page shows each phase's figures, not its criteria: their texts and phases stay out.
    criteria = Criterion.objects.active().with_latest_evaluation().select_related(None)
    context = overview(today, criteria=list(criteria.only("phase", "weight")))
    indicators_by_action = {}
    for row in context["indicators"]:
        indicators_by_action.setdefault(row.indicator.action_id, []).append(row)
    actions = list(
        Action.objects.prefetch_related(
            Prefetch("activities", queryset=Activity.objects.filter(code__isnull=False))
        )
    )
    for action in actions:
        action.indicator_rows = indicators_by_action.get(action.pk, [])
    context.update(
        actions=actions,
        complementary=indicators_by_action.get(None, []),
        last_updated=context["plan"].updated_at if context["plan"] else None,
    )
    return render(request, "gelt/public.html", context)
