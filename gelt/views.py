"""The public page of the GEL-T plan, its live progress and today's Gobierno Digital policy."""

from django.shortcuts import render
from django.utils import timezone

from .models import CommitteeMember
from .overview import overview, plan_actions
from .policy import policy_view


def public(request):
    today = timezone.localdate()
    context = overview(today)
    plan = context["plan"]
    context["actions"] = plan_actions(context["indicators"])
    context["last_updated"] = plan.updated_at if plan else None
    context.update(policy_view(context["phases"], today))
    context["members"] = list(CommitteeMember.objects.active())
    return render(request, "gelt/public.html", context)
