"""The public page of the GEL-T plan and its live progress."""

from django.shortcuts import render
from django.utils import timezone

from .overview import overview, plan_actions


def public(request):
    context = overview(timezone.localdate())
    plan = context["plan"]
    context["actions"] = plan_actions(context["indicators"])
    context["last_updated"] = plan.updated_at if plan else None
    return render(request, "gelt/public.html", context)
