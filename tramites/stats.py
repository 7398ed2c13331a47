"""
The catalogue's quality and automation in numbers, for GEL-T's automatic checks (actions 4 and
5 of the plan: services and trámites published with complete quality, and their automation).

Services and trámites are told apart: action 4 of the plan measures services (`Kind.SERVICIO`),
action 5 trámites, which are what the SUIT registers (`Kind.TRAMITE` and `Kind.OPA`). Every
figure is given for the whole catalogue, for trámites and for services.

`catalogue_stats(today)` runs two queries whatever the size of the catalogue.
"""

import dataclasses
import datetime

from django.db.models import Count, Q

from .completeness import SUIT_KINDS, percentage
from .models import Procedure, complete_q, quality_complete_q, reviewed_in_time_q


@dataclasses.dataclass(frozen=True)
class KindStats:
    """Counts of published sheets of one group; the `share_*` properties are 0–100 or None."""

    published: int = 0
    fields_complete: int = 0  # every required SUIT field
    with_suit: int = 0  # a SUIT number (or a kind the SUIT does not register)
    reviewed_in_time: int = 0  # reviewed within the last six months
    quality_complete: int = 0  # all three: the one figure of "calidad completa"
    info_only: int = 0
    partly_online: int = 0
    fully_online: int = 0

    @property
    def online(self):
        return self.partly_online + self.fully_online

    @property
    def share_quality_complete(self):
        """Published sheets of complete quality (fields, SUIT number, review), among published."""
        return percentage(self.quality_complete, self.published)

    @property
    def share_online(self):
        """Published sheets that can be done partly or fully online."""
        return percentage(self.online, self.published)

    @property
    def share_fully_online(self):
        return percentage(self.fully_online, self.published)

    @property
    def share_reviewed(self):
        """Published sheets reviewed in the last six months (the "revisión semestral")."""
        return percentage(self.reviewed_in_time, self.published)


@dataclasses.dataclass(frozen=True)
class CatalogueStats:
    total: int  # every registered sheet, published or not
    all: KindStats  # published trámites, OPA and services together
    tramites: KindStats  # trámites and OPA (what the SUIT registers)
    services: KindStats

    @property
    def share_published(self):
        """Published sheets among all registered ones."""
        return percentage(self.all.published, self.total)

    def group(self, name):
        """ "all", "tramites" or "services"."""
        return getattr(self, name)


GROUPS = {
    "all": Q(),
    "tramites": Q(kind__in=SUIT_KINDS),
    "services": Q(kind=Procedure.Kind.SERVICIO),
}


def _measures(today):
    automation = Procedure.Automation
    return {
        "published": Q(),
        "fields_complete": complete_q(),
        "with_suit": ~Q(kind__in=SUIT_KINDS) | ~Q(suit_code=""),
        "reviewed_in_time": reviewed_in_time_q(today),
        "quality_complete": quality_complete_q(today),
        "info_only": Q(automation_level=automation.INFO),
        "partly_online": Q(automation_level=automation.PARTIAL),
        "fully_online": Q(automation_level=automation.FULL),
    }


def catalogue_stats(today: datetime.date) -> CatalogueStats:
    """The catalogue's counts on `today`, in two queries whatever its size."""
    measures = _measures(today)
    aggregates = {
        f"{group}__{name}": Count("pk", filter=group_q & condition)
        for group, group_q in GROUPS.items()
        for name, condition in measures.items()
    }
    counts = Procedure.objects.published().with_completeness().aggregate(**aggregates)
    groups = {
        group: KindStats(**{name: counts[f"{group}__{name}"] for name in measures})
        for group in GROUPS
    }
    return CatalogueStats(total=Procedure.objects.count(), **groups)
