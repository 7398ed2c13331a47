"""The public page of the GEL-T plan and its live progress."""

from django.shortcuts import render
from django.utils import timezone

from .overview import public_page


def public(request):
    return render(request, "gelt/public.html", public_page(timezone.localdate()))
