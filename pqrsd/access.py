"""
Which requests this browser may read: those whose tracking code it proved (the tracking form,
the confirmation after filing, the notification link). Kept in the session, the last 20.
"""

SESSION_ACCESS = "pqrsd_access"
KEPT = 20


def grant(request, request_obj):
    access = request.session.get(SESSION_ACCESS, [])
    if request_obj.pk not in access:
        request.session[SESSION_ACCESS] = [*access[-(KEPT - 1) :], request_obj.pk]


def has_access(request, request_obj) -> bool:
    return request_obj.pk in request.session.get(SESSION_ACCESS, [])
