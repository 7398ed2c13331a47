from django import template
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from tramites.models import Procedure
from tramites.opendata import government_service

register = template.Library()

# An entity page lists at most this many procedures per office and links to the rest, so
# the page stays light on a phone however large the catalogue grows.
PROCEDURES_PER_OFFICE = 10


@register.inclusion_tag("tramites/includes/most_consulted.html")
def most_consulted_procedures(limit=6):
    """The published sheets staff feature on the home page ("más consultados"), by name."""
    procedures = Procedure.objects.published().filter(featured=True).only("name", "slug")
    return {"procedures": procedures[:limit]}


@register.inclusion_tag("tramites/includes/office_procedures.html", takes_context=True)
def office_procedures(context, entity, office):
    """
    The office's published procedures (the first PROCEDURES_PER_OFFICE, each with the office's
    total), inside a loop over the entity's offices: one query per page reads every office's.
    """
    cache_key = ("tramites:office_procedures", entity.pk)
    by_office = context.render_context.get(cache_key)
    if by_office is None:
        in_office = {"partition_by": F("office_id")}
        procedures = (
            Procedure.objects.published()
            .filter(office__entity=entity)
            .annotate(
                position=Window(RowNumber(), order_by=F("name").asc(), **in_office),
                office_total=Window(Count("pk"), **in_office),
            )
            .filter(position__lte=PROCEDURES_PER_OFFICE)
            .only("office_id", "name", "slug", "automation_level")
            .order_by("name")
        )
        by_office = {}
        for procedure in procedures:
            by_office.setdefault(procedure.office_id, []).append(procedure)
        context.render_context[cache_key] = by_office
    return {"office": office, "procedures": by_office.get(office.pk, [])}


@register.inclusion_tag("portal/includes/json_ld.html", takes_context=True)
def procedure_json_ld(context, procedure):
    """The sheet's schema.org GovernmentService as an application/ld+json data block."""
    request = context["request"]
    data = government_service(
        procedure, request.build_absolute_uri(procedure.get_absolute_url()), context["municipality"]
    )
    return {"data": data}
