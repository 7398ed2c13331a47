import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import mark_safe

from portal.links import slug_url
from tramites.models import Procedure
from tramites.opendata import government_service

register = template.Library()

# The same escapes as Django's json_script: the JSON cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("tramites/includes/most_visited.html")
def most_visited_procedures(limit=6):
    """The most visited published procedures (one query)."""
    return {"procedures": Procedure.objects.published().most_visited().only("name", "slug")[:limit]}


# An entity page lists at most this many procedures per office and links to the rest, so
# the page stays light on a phone however large the catalogue grows.
PROCEDURES_PER_OFFICE = 10
# The badge next to a procedure that can be done (partly) online.
ONLINE_LABELS = {
    value: label
    for value, label in Procedure.Automation.choices
    if value != Procedure.Automation.INFO
}


@register.inclusion_tag("tramites/includes/office_procedures.html", takes_context=True)
def office_procedures(context, entity, office):
    """
    The office's published procedures (the first PROCEDURES_PER_OFFICE, with the office's
    total), inside a loop over the entity's offices: one query per page reads every office's.
    """
    cache_key = ("tramites:office_procedures", entity.pk)
    by_office = context.render_context.get(cache_key)
    if by_office is None:
        by_office = {}
        in_office = {"partition_by": F("office_id")}
        # Rows, not models: a template reads a dict's keys much faster than model attributes.
        rows = (
            Procedure.objects.published()
            .filter(office__entity=entity)
            .annotate(
                position=Window(RowNumber(), order_by=F("name").asc(), **in_office),
                office_total=Window(Count("pk"), **in_office),
            )
            .filter(position__lte=PROCEDURES_PER_OFFICE)
            .order_by("name")
            .values("office_id", "name", "slug", "automation_level", "office_total")
        )
        for row in rows:
            row["url"] = slug_url("tramites:detail", row["slug"])
            row["online_label"] = ONLINE_LABELS.get(row["automation_level"], "")
            by_office.setdefault(row["office_id"], []).append(row)
        context.render_context[cache_key] = by_office
    return {"office": office, "procedures": by_office.get(office.pk, [])}


@register.simple_tag(takes_context=True)
def procedure_json_ld(context, procedure):
    """The sheet's schema.org GovernmentService as an application/ld+json data block."""
    request = context["request"]
    data = government_service(
        procedure, request.build_absolute_uri(procedure.get_absolute_url()), context["municipality"]
    )
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
