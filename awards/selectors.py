"""Reads other code reuses; the reports app counts award actuals through these."""

from django.db.models import QuerySet

from enterprises.models import Organization

from .models import Nomination

# Taking part means registering; being encouraged or withdrawing does not count.
PARTICIPATING = (
    Nomination.Status.REGISTERED,
    Nomination.Status.DOSSIER_SUBMITTED,
    Nomination.Status.UNDER_REVIEW,
    Nomination.Status.FORWARDED,
    Nomination.Status.AWARDED,
    Nomination.Status.NOT_AWARDED,
)


def nominations_between(start_year: int, end_year: int) -> QuerySet[Nomination]:
    return Nomination.objects.filter(
        cycle__year__gte=start_year, cycle__year__lte=end_year
    ).select_related("cycle", "organization", "level")


def award_participants(start_year: int, end_year: int) -> QuerySet[Organization]:
    """Distinct organizations that took part in a cycle of the span."""
    return Organization.objects.filter(
        pk__in=nominations_between(start_year, end_year)
        .filter(status__in=PARTICIPATING)
        .values("organization_id")
    )


def award_winners(start_year: int, end_year: int) -> QuerySet[Organization]:
    """Distinct organizations that won the award in a cycle of the span."""
    return Organization.objects.filter(
        pk__in=nominations_between(start_year, end_year)
        .filter(status=Nomination.Status.AWARDED)
        .values("organization_id")
    )
