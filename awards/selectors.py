"""Reads other code reuses; the reports app counts award actuals through these."""

from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StdDev,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprises.models import Organization
from enterprises.selectors import without_contacts

from .models import (
    AwardCycle,
    Criterion,
    Nomination,
    NominationDocument,
    Review,
    Score,
    SelfAssessmentScore,
)

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


# --- Pages -----------------------------------------------------------------------------------


def cycles_with_counts() -> QuerySet[AwardCycle]:
    return AwardCycle.objects.annotate(
        criteria_count=Count("criteria", distinct=True),
        criteria_points=Coalesce(
            Subquery(
                Criterion.objects.filter(cycle=OuterRef("pk"))
                .values("cycle")
                .annotate(total=Sum("max_points"))
                .values("total")
            ),
            0,
        ),
        nominations_count=Count("nominations", distinct=True),
    )


def current_cycle(today=None) -> AwardCycle | None:
    """This year's cycle, or the latest one."""
    today = today or timezone.localdate()
    return AwardCycle.objects.filter(year=today.year).first() or AwardCycle.objects.first()


def open_cycles(today=None) -> QuerySet[AwardCycle]:
    today = today or timezone.localdate()
    return AwardCycle.objects.filter(
        registration_opens__lte=today, registration_closes__gte=today
    ).order_by("registration_closes")


def _counted(model, **conditions) -> Coalesce:
    """How many `model` rows of the nomination: a subquery per nomination (from the
    nomination index)."""
    rows = (
        model.objects.filter(nomination=OuterRef("pk"), **conditions)
        .order_by()
        .values("nomination")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _nomination_counts() -> dict[str, Coalesce]:
    return {
        "documents_count": _counted(NominationDocument),
        "reviews_count": _counted(Review),
        "submitted_reviews": _counted(Review, status=Review.Status.SUBMITTED),
    }


NOMINATION_COUNTS = ("documents_count", "reviews_count", "submitted_reviews")


def nominations_list(
    queryset: QuerySet[Nomination], *, counted: bool = True
) -> QuerySet[Nomination]:
    """Nominations with what the lists show. The organizations are fetched for the page's
    rows only (a second query by id, their name and tax code): joined, every nomination's
    organization was read before the sort by year (3,000 lookups into a million
    organizations, 150 ms).

    `counted`: the files and reviews counted in SQL for every row (an export, a list sorted
    by those counts). PostgreSQL evaluates these subqueries for every nomination before the
    sort whenever it thinks them cheap (few files and reviews yet: 9,000 subqueries, 16–40 ms
    for 3,000 nominations), so a page in another order leaves them out and counts its own
    rows with `add_nomination_counts`."""
    queryset = (
        queryset.select_related("cycle", "level")
        .prefetch_related(
            Prefetch("organization", queryset=Organization.objects.only("id", "name", "tax_code"))
        )
        .order_by("-cycle__year", "organization__name", "pk")
    )
    return queryset.annotate(**_nomination_counts()) if counted else queryset


def add_nomination_counts(nominations: list[Nomination]) -> None:
    """Set the counts `nominations_list` annotates on these nominations (a page's rows): one
    query over their ids, whatever the number of nominations."""
    missing = [n for n in nominations if not hasattr(n, "documents_count")]
    if not missing:
        return
    counts = {
        row["pk"]: row
        for row in Nomination.objects.filter(pk__in=[n.pk for n in missing])
        .order_by()
        .annotate(**_nomination_counts())
        .values("pk", *NOMINATION_COUNTS)
    }
    for nomination in missing:
        row = counts.get(nomination.pk, {})
        for name in NOMINATION_COUNTS:
            setattr(nomination, name, row.get(name, 0))


def nomination_detail(queryset: QuerySet[Nomination], pk: int) -> Nomination:
    return (
        queryset.select_related(
            "cycle", "organization", "level", "encouraged_by", "forwarded_by", "dossier_checked_by"
        )
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=NominationDocument.objects.select_related("uploaded_by").order_by(
                    "kind", "created_at"
                ),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            Prefetch("self_scores", queryset=SelfAssessmentScore.objects.order_by("criterion")),
            "cycle__criteria",
            "cycle__levels",
        )
        .get(pk=pk)
    )


def ranking(cycle: AwardCycle, nominations: QuerySet[Nomination]) -> list[dict]:
    """Each nomination with submitted reviews: mean, spread and per-criterion averages of the
    submitted reviews, all aggregated in SQL (two queries whatever the number of rows)."""
    submitted = Q(reviews__status=Review.Status.SUBMITTED)
    has_submitted = Review.objects.filter(nomination=OuterRef("pk"), status=Review.Status.SUBMITTED)
    rows = list(
        without_contacts(nominations, "organization__")
        .filter(Exists(has_submitted), cycle=cycle)
        .select_related("organization", "level")
        .annotate(
            reviews_submitted=Count("reviews", filter=submitted),
            reviews_assigned=Count("reviews"),
            mean_points=Avg("reviews__total_points", filter=submitted),
            max_points=Max("reviews__total_points", filter=submitted),
            min_points=Min("reviews__total_points", filter=submitted),
            stddev_points=StdDev("reviews__total_points", filter=submitted),
        )
        .order_by("-mean_points", "organization__name")
    )
    averages: dict[int, dict[int, float]] = {}
    for item in (
        Score.objects.filter(
            review__status=Review.Status.SUBMITTED, review__nomination__in=[row.pk for row in rows]
        )
        .values("review__nomination_id", "criterion_id")
        .annotate(average=Avg("points"))
    ):
        averages.setdefault(item["review__nomination_id"], {})[item["criterion_id"]] = item[
            "average"
        ]
    levels = sorted(cycle.levels.all(), key=lambda level: -level.min_points)
    criteria = list(cycle.criteria.all())
    result = []
    for rank, row in enumerate(rows, start=1):
        mean = row.mean_points
        suggested = next((level for level in levels if mean >= level.min_points), None)
        result.append(
            {
                "rank": rank,
                "nomination": row,
                "reviews_submitted": row.reviews_submitted,
                "reviews_assigned": row.reviews_assigned,
                "mean": mean,
                "spread": (row.max_points or 0) - (row.min_points or 0),
                "stddev": row.stddev_points or 0,
                "per_criterion": [averages.get(row.pk, {}).get(c.pk) for c in criteria],
                "suggested_level": suggested,
            }
        )
    return result


def criterion_averages(nomination: Nomination) -> dict[int, float]:
    return dict(
        Score.objects.filter(review__nomination=nomination, review__status=Review.Status.SUBMITTED)
        .values("criterion_id")
        .annotate(average=Avg("points"))
        .values_list("criterion_id", "average")
    )


def review_summary(nomination: Nomination) -> dict:
    return Review.objects.filter(nomination=nomination, status=Review.Status.SUBMITTED).aggregate(
        count=Count("id"),
        mean=Avg("total_points"),
        highest=Max("total_points"),
        lowest=Min("total_points"),
    )


def winners(year: int | None = None) -> QuerySet[Nomination]:
    """The province's winners, for the public page."""
    rows = without_contacts(Nomination.objects.all(), "organization__")
    rows = rows.filter(status=Nomination.Status.AWARDED).select_related(
        "cycle", "organization", "level"
    )
    if year:
        rows = rows.filter(cycle__year=year)
    return rows.order_by("-cycle__year", "level__order", "-level__min_points", "organization__name")


def winner_years() -> list[int]:
    return list(
        Nomination.objects.filter(status=Nomination.Status.AWARDED)
        .values_list("cycle__year", flat=True)
        .distinct()
        .order_by("-cycle__year")
    )


def criteria_by_group(criteria) -> list[dict]:
    """A cycle's criteria in order, gathered under their group with the group's points (one
    entry with group "" when the cycle's criteria are not grouped)."""
    groups: list[dict] = []
    for criterion in criteria:
        if not groups or groups[-1]["group"] != criterion.group:
            groups.append({"group": criterion.group, "points": 0, "criteria": []})
        groups[-1]["points"] += criterion.max_points
        groups[-1]["criteria"].append(criterion)
    return groups
