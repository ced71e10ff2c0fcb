"""Reads other code reuses; the reports app counts the plan's actuals through these.

Counts are of distinct organizations, never of ledger rows; cancelled activities never count.
"""

from django.db.models import Count, Q, QuerySet, Sum

from .models import Organization, PilotModel, Solution, SupportActivity


def _recorded():
    return SupportActivity.objects.filter(status=SupportActivity.Status.RECORDED)


def organizations_supported_between(start_year: int, end_year: int) -> QuerySet[Organization]:
    return Organization.objects.filter(
        pk__in=_recorded()
        .filter(date__year__gte=start_year, date__year__lte=end_year)
        .values("organization_id")
    )


def organizations_supported_in(
    year: int, *, solution_group: str | None = None
) -> QuerySet[Organization]:
    activities = _recorded().filter(date__year=year)
    if solution_group:
        activities = activities.filter(solutions__group=solution_group)
    return Organization.objects.filter(pk__in=activities.values("organization_id"))


def support_activities_in(year: int) -> QuerySet[SupportActivity]:
    return (
        _recorded()
        .filter(date__year=year)
        .select_related("organization", "organization__commune")
        .prefetch_related("solutions")
    )


BREAKDOWNS = {
    "commune": ("organization__commune_id", "organization__commune__name"),
    "industry_section": ("organization__industry_section", None),
    "size_class": ("organization__size_class", None),
    "solution_group": ("solutions__group", None),
    "kind": ("kind", None),
}


def supported_breakdown(year: int, by: str) -> list[dict]:
    """Distinct organizations supported in `year`, grouped in SQL by one dimension."""
    if by not in BREAKDOWNS:
        raise ValueError(f"Unknown breakdown {by!r}")
    key_field, label_field = BREAKDOWNS[by]
    fields = [key_field] + ([label_field] if label_field else [])
    rows = (
        _recorded()
        .filter(date__year=year)
        .values(*fields)
        .annotate(count=Count("organization_id", distinct=True))
        .order_by("-count", key_field)
    )
    labels = {
        "size_class": dict(Organization.SizeClass.choices),
        "solution_group": dict(Solution.Group.choices),
        "kind": dict(SupportActivity.Kind.choices),
    }.get(by, {})
    result = []
    for row in rows:
        key = row[key_field]
        label = row[label_field] if label_field else labels.get(key, key)
        result.append({"key": key, "label": label or "—", "count": row["count"]})
    return result


def pilot_models_by_status(year: int | None = None) -> dict[str, int]:
    models = PilotModel.objects.all()
    if year is not None:
        models = models.filter(selected_on__year__lte=year)
    counts = dict(models.values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in PilotModel.Status.values}


def organizations_with_pilot_model(start_year: int, end_year: int) -> QuerySet[Organization]:
    return Organization.objects.filter(
        pk__in=PilotModel.objects.filter(
            selected_on__year__gte=start_year, selected_on__year__lte=end_year
        ).values("organization_id")
    )


def conformity_assessment_bodies_strengthened(
    start_year: int, end_year: int
) -> QuerySet[Organization]:
    activities = _recorded().filter(
        Q(kind=SupportActivity.Kind.CAPACITY_BUILDING)
        | Q(solutions__group=Solution.Group.CAB_CAPACITY),
        date__year__gte=start_year,
        date__year__lte=end_year,
        organization__kind=Organization.Kind.CONFORMITY_ASSESSMENT_BODY,
    )
    return Organization.objects.filter(pk__in=activities.values("organization_id"))


def support_budget_in(year: int) -> dict:
    totals = (
        _recorded()
        .filter(date__year=year)
        .aggregate(state_budget=Sum("state_budget"), own_contribution=Sum("own_contribution"))
    )
    return {key: value or 0 for key, value in totals.items()}
