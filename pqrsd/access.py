"""
Which requests this browser may read: those whose tracking code it proved (the tracking form,
the confirmation after filing, the notification link). Kept in the session, the last 20.
"""

from django.http import Http404

from .models import Request
from .radicado import parse_radicado

SESSION_ACCESS = "pqrsd_access"
KEPT = 20


def grant(request, request_obj):
    access = request.session.get(SESSION_ACCESS, [])
    if request_obj.pk not in access:
        request.session[SESSION_ACCESS] = [*access[-(KEPT - 1) :], request_obj.pk]


def has_access(request, request_obj) -> bool:
    return request_obj.pk in request.session.get(SESSION_ACCESS, [])


def proven_request(request, radicado, requests=Request.objects):
    """
    The request of `radicado` (from `requests`, which may select or prefetch what the page
    shows) if this browser proved its code, else None. An address that is no radicado is a 404.
    """
    parsed = parse_radicado(radicado)
    if parsed is None:
        raise Http404("Esa dirección no corresponde a ningún radicado.")
    request_obj = requests.filter(year=parsed[0], number=parsed[1]).first()
    if request_obj is None or not has_access(request, request_obj):
        return None
    return request_obj
