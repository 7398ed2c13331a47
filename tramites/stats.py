"""
The catalogue's completeness in numbers, for GEL-T's automatic checks (actions 4 and 5 of the
plan: 100% of procedures published with complete, reviewed information, and their automation).

`catalogue_stats(today)` runs two queries whatever the size of the catalogue.
"""

import dataclasses
import datetime

from django.db.models import Count, Q

from .completeness import percentage
from .models import Procedure, complete_q, reviewed_in_time_q


@dataclasses.dataclass(frozen=True)
class CatalogueStats:
    """Counts of procedures; the `share_*` properties are percentages (0–100) or None."""

    total: int
    published: int
    published_complete: int
    reviewed_in_time: int
    info_only: int
    partly_online: int
    fully_online: int

    @property
    def share_published(self):
        """Published procedures among all registered ones."""
        return percentage(self.published, self.total)

    @property
    def share_complete(self):
        """Published sheets with every required SUIT field, among the published."""
        return percentage(self.published_complete, self.published)

    @property
    def share_online(self):
        """Published procedures that can be done partly or fully online."""
        return percentage(self.partly_online + self.fully_online, self.published)

    @property
    def share_fully_online(self):
        return percentage(self.fully_online, self.published)

    @property
    def share_reviewed(self):
        """Published sheets reviewed in the last six months (the "revisión semestral")."""
        return percentage(self.reviewed_in_time, self.published)


def catalogue_stats(today: datetime.date) -> CatalogueStats:
    """The catalogue's counts on `today`, in two queries whatever its size."""
    automation = Procedure.Automation
    published = Procedure.objects.published().with_completeness()
    counts = published.aggregate(
        published=Count("pk"),
        published_complete=Count("pk", filter=complete_q()),
        reviewed_in_time=Count("pk", filter=reviewed_in_time_q(today)),
        info_only=Count("pk", filter=Q(automation_level=automation.INFO)),
        partly_online=Count("pk", filter=Q(automation_level=automation.PARTIAL)),
        fully_online=Count("pk", filter=Q(automation_level=automation.FULL)),
    )
    return CatalogueStats(total=Procedure.objects.count(), **counts)
