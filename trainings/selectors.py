"""Reads other code reuses; the reports app counts training actuals through these.

People are counted as distinct persons (lower-case e-mail), not enrollments.
"""

import datetime as dt
import re

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Lower
from django.utils import timezone

from enterprises.models import Organization, SupportActivity

from .models import (
    VERIFICATION_CODE,
    Consultant,
    Contract,
    Course,
    Enrollment,
    Expert,
    ExpertAssignment,
    PersonTrainedCount,
    PersonTrainedYear,
)

ATTENDED_STATUSES = (Enrollment.Status.ATTENDED, Enrollment.Status.PASSED, Enrollment.Status.FAILED)


PersonCategory = PersonTrainedYear.Category

# The rules behind the distinct-person figures, by `PersonTrainedYear.Category`: which
# enrollments count (with the course's end year in the span). The drill-downs list these
# enrollments live; the counts read the table the services keep of them (trainings/persons.py).
PERSON_RULES: dict[str, Q] = {
    PersonTrainedYear.Category.IN_DEPTH: Q(
        status=Enrollment.Status.PASSED, course__kind=Course.Kind.IN_DEPTH
    ),
    PersonTrainedYear.Category.MANAGEMENT: Q(
        status__in=ATTENDED_STATUSES, course__kind=Course.Kind.MANAGEMENT
    ),
    PersonTrainedYear.Category.AWARENESS: Q(
        status__in=ATTENDED_STATUSES, course__kind=Course.Kind.AWARENESS
    ),
}


def persons_counted(category: str, start_year: int, end_year: int) -> int:
    """Distinct persons the rule of `category` counts in courses ending in the span, from the
    kept table's unique index (category, year, person) alone; one year, from its count."""
    if start_year == end_year:
        return persons_counted_per_year(category, [start_year])[start_year]
    return (
        PersonTrainedYear.objects.filter(
            category=category, year__gte=start_year, year__lte=end_year
        )
        .values("person")
        .distinct()
        .count()
    )


def persons_counted_cumulative(category: str, start_year: int, years) -> dict[int, int]:
    """{year: distinct persons counted from `start_year` through that year} for all `years` in
    one query: a person counts through year Y when the first year they are counted in, from
    `start_year` on, is at most Y."""
    years = sorted(set(years))
    if not years:
        return {}
    table = connection.ops.quote_name(PersonTrainedYear._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT first, COUNT(*) FROM (SELECT MIN(year) AS first FROM {table} "  # noqa: S608
            "WHERE category = %s AND year >= %s AND year <= %s GROUP BY person) firsts "
            "GROUP BY first",
            [category, start_year, years[-1]],
        )
        firsts = dict(cursor.fetchall())
    return {year: sum(n for first, n in firsts.items() if first <= year) for year in years}


def persons_counted_per_year(category: str, years) -> dict[int, int]:
    """{year: distinct persons counted in courses ending that year} for all `years`: one query
    of the kept counts (`PersonTrainedCount`, a row per category and year)."""
    years = sorted(set(years))
    counts = dict(
        PersonTrainedCount.objects.filter(category=category, year__in=years).values_list(
            "year", "persons"
        )
    )
    return {year: counts.get(year, 0) for year in years}


def persons_trained_in_depth(start_year: int, end_year: int) -> QuerySet[Enrollment]:
    """One enrollment per person (their first pass) who passed an in-depth course ending in the
    span: the people behind `EXPERTS_TRAINED`."""
    passed = Enrollment.objects.filter(
        PERSON_RULES[PersonTrainedYear.Category.IN_DEPTH],
        course__ends_on__year__gte=start_year,
        course__ends_on__year__lte=end_year,
    )
    first_per_person = (
        passed.annotate(person=Lower("email"))
        .values("person")
        .annotate(first=Min("pk"))
        .values("first")
        .order_by()
    )
    return (
        Enrollment.objects.filter(pk__in=Subquery(first_per_person))
        .select_related("course", "organization")
        .order_by(Lower("email"))
    )


def persons_trained_in_depth_count(start_year: int, end_year: int) -> int:
    return persons_counted(PersonTrainedYear.Category.IN_DEPTH, start_year, end_year)


def management_staff_trained(start_year: int, end_year: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        PERSON_RULES[PersonTrainedYear.Category.MANAGEMENT],
        course__ends_on__year__gte=start_year,
        course__ends_on__year__lte=end_year,
    ).select_related("course")


def management_staff_trained_count(start_year: int, end_year: int) -> int:
    return persons_counted(PersonTrainedYear.Category.MANAGEMENT, start_year, end_year)


def awareness_participants(year: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        PERSON_RULES[PersonTrainedYear.Category.AWARENESS],
        course__ends_on__year=year,
    ).select_related("course", "organization")


def awareness_participants_count(year: int) -> int:
    return persons_counted(PersonTrainedYear.Category.AWARENESS, year, year)


# Courses whose participants' organizations count as supported (SUPPORTED_ORGS), with the kind of
# support the course gives: an awareness seminar disseminates, the others train. Program
# management courses train the program's own staff and are not support to an organization.
SUPPORT_COURSE_KINDS = {
    Course.Kind.AWARENESS: SupportActivity.Kind.DISSEMINATION,
    Course.Kind.IN_DEPTH: SupportActivity.Kind.TRAINING,
    Course.Kind.TOOL: SupportActivity.Kind.TRAINING,
}


def course_completions_in(year: int) -> QuerySet[Enrollment]:
    """Enrollments of an organization's people who completed (attended to the end, passed or
    not) a supporting course ending in `year`."""
    return Enrollment.objects.filter(
        status__in=ATTENDED_STATUSES,
        course__kind__in=list(SUPPORT_COURSE_KINDS),
        course__ends_on__year=year,
        organization__isnull=False,
    )


def organizations_trained_in(year: int) -> QuerySet[Organization]:
    """Distinct organizations whose people completed a supporting course ending in `year`."""
    return Organization.objects.filter(
        pk__in=course_completions_in(year).order_by().values("organization_id")
    )


def course_support_pairs(year: int, by: str) -> QuerySet:
    """(organization id, kind of support) or (organization id, solution group) of the courses
    completed in `year`, distinct: merged with the ledger's in the breakdowns of support."""
    completions = course_completions_in(year).order_by()
    if by == "kind":
        kind = Case(
            *[
                When(course__kind=course, then=Value(str(support)))
                for course, support in SUPPORT_COURSE_KINDS.items()
            ],
            output_field=CharField(),
        )
        return (
            completions.annotate(support_kind=kind)
            .values_list("organization_id", "support_kind")
            .distinct()
        )
    if by == "solution_group":
        return (
            completions.filter(course__solutions__isnull=False)
            .values_list("organization_id", "course__solutions__group")
            .distinct()
        )
    raise ValueError(f"Courses are counted by kind or solution group, not {by!r}")


def courses_in(year: int) -> QuerySet[Course]:
    return (
        Course.objects.filter(starts_on__year=year)
        .exclude(status=Course.Status.CANCELLED)
        .annotate(
            # People holding a place (not the waiting list, not cancellations) ...
            enrolled=Count(
                "enrollments",
                filter=Q(enrollments__status__in=Enrollment.PLACE_HOLDING),
                distinct=True,
            ),
            # ... and those who actually attended.
            participants=Count(
                "enrollments",
                filter=Q(enrollments__status__in=ATTENDED_STATUSES),
                distinct=True,
            ),
        )
        .order_by("starts_on")
    )


def contracts_settled_in(year: int) -> QuerySet[Contract]:
    return Contract.objects.filter(
        status=Contract.Status.SETTLED, settled_on__year=year
    ).select_related("consultant")


def budget_settled_in(year: int) -> int:
    return contracts_settled_in(year).aggregate(total=Sum("settled_amount"))["total"] or 0


def settled_by_year(years) -> dict[int, dict]:
    """{year: {"total": settled amount, "count": contracts}} of the contracts settled in each
    of `years`, one grouped query (`budget_settled_in` and `contracts_settled_in` per year)."""
    years = sorted(set(years))
    rows = {
        row["year"]: row
        for row in Contract.objects.filter(
            status=Contract.Status.SETTLED, settled_on__year__in=years
        )
        .annotate(year=ExtractYear("settled_on"))
        .values("year")
        .annotate(total=Sum("settled_amount"), count=Count("id"))
        .order_by()
    }
    return {
        year: {
            "total": (rows[year]["total"] or 0) if year in rows else 0,
            "count": rows[year]["count"] if year in rows else 0,
        }
        for year in years
    }


def contracts_active_in(year: int) -> QuerySet[Contract]:
    """Contracts signed in or before `year` and not closed before it (for the report annex)."""
    return (
        Contract.objects.filter(signed_on__year__lte=year)
        .exclude(settled_on__year__lt=year)
        .exclude(terminated_on__year__lt=year)
        .select_related("consultant")
        .order_by("signed_on")
    )


# --- Lists and pages ----------------------------------------------------------------------


def courses_with_places(queryset: QuerySet[Course]) -> QuerySet[Course]:
    """Annotate `places_taken` (people holding a place) and `waitlisted`: a count per course
    shown, from the (course, status) index, instead of grouping every enrollment of every
    course before the page is cut."""

    def counted(statuses) -> Coalesce:
        rows = (
            Enrollment.objects.filter(course=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("course")
            # COUNT(*): answered from the (course, status) index alone, without reading the
            # enrollments themselves (COUNT(id) read ~40 rows of the table per course shown).
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return queryset.annotate(
        places_taken=counted(Enrollment.PLACE_HOLDING),
        waitlisted=counted([Enrollment.Status.WAITLISTED]),
    )


def course_list(queryset: QuerySet[Course] | None = None) -> QuerySet[Course]:
    queryset = Course.objects.all() if queryset is None else queryset
    return courses_with_places(queryset).prefetch_related("solutions")


def open_courses() -> QuerySet[Course]:
    """The public catalog: courses open for registration, soonest first."""
    return course_list(Course.objects.filter(status=Course.Status.OPEN)).order_by("starts_on", "id")


def course_enrollments(course: Course) -> QuerySet[Enrollment]:
    return course.enrollments.select_related("organization", "claimed_organization").order_by(
        "created_at", "id"
    )


def enrollments_due_reminder(*, days_ahead: int, today=None) -> QuerySet[Enrollment]:
    """Confirmed participants of courses starting within `days_ahead` days, not yet reminded."""
    today = today or timezone.localdate()
    return Enrollment.objects.filter(
        status=Enrollment.Status.CONFIRMED,
        reminded_at__isnull=True,
        course__status__in=(Course.Status.OPEN, Course.Status.CLOSED),
        course__starts_on__gte=today,
        course__starts_on__lte=today + dt.timedelta(days=days_ahead),
    )


def certificate_by_code(code: str) -> Enrollment | None:
    """The certificate with this verification code or this certificate number (people read
    either off the certificate)."""
    if not re.fullmatch(VERIFICATION_CODE, (code or "").strip()):
        return None  # cannot be a code we issued (a "/", a NUL byte, accents, 500 characters)
    code = (code or "").strip().upper()
    certificates = Enrollment.objects.select_related("course").filter(
        certificate_number__isnull=False
    )
    return (
        certificates.filter(verification_code=code).first()
        or certificates.filter(certificate_number=code).first()
    )


def enrollment_list() -> QuerySet[Enrollment]:
    """Every enrollment, with its course and organization (the staff list and its export)."""
    return Enrollment.objects.select_related("course", "organization")


def expert_list() -> QuerySet[Expert]:
    return Expert.objects.select_related("commune", "organization").prefetch_related("expertise")


def expert_enrollments(expert: Expert) -> QuerySet[Enrollment]:
    """The courses an expert took part in (matched by e-mail, as the pool is keyed)."""
    return (
        Enrollment.objects.filter(email__iexact=expert.email)
        .exclude(status__in=(Enrollment.Status.CANCELLED, Enrollment.Status.WAITLISTED))
        .select_related("course")
        .order_by("-course__starts_on")
    )


def expert_assignments(expert: Expert) -> QuerySet[ExpertAssignment]:
    return expert.assignments.select_related("course", "support_activity__organization")


def consultant_list() -> QuerySet[Consultant]:
    return (
        Consultant.objects.annotate(
            contract_count=Count("contracts", distinct=True),
            contract_total=Sum("contracts__value"),
        )
        .prefetch_related("capabilities")
        .order_by("name", "id")
    )


def contract_list() -> QuerySet[Contract]:
    return Contract.objects.select_related("consultant").order_by(
        F("signed_on").desc(nulls_first=True), "-id"
    )


def budget_by_year(years) -> list[dict]:
    """Per year: committed (value of contracts signed that year), accepted and settled amounts
    (by the year of acceptance and of settlement). Three grouped queries for all years."""
    years = list(years)
    committed = dict(
        Contract.objects.filter(signed_on__year__in=years)
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year")
        .annotate(total=Sum("value"))
        .order_by()
    )
    accepted = dict(
        Contract.objects.filter(accepted_on__year__in=years)
        .annotate(year=ExtractYear("accepted_on"))
        .values_list("year")
        .annotate(total=Sum("accepted_amount"))
        .order_by()
    )
    settled = dict(
        Contract.objects.filter(settled_on__year__in=years, status=Contract.Status.SETTLED)
        .annotate(year=ExtractYear("settled_on"))
        .values_list("year")
        .annotate(total=Sum("settled_amount"))
        .order_by()
    )
    return [
        {
            "year": year,
            "committed": committed.get(year) or 0,
            "accepted": accepted.get(year) or 0,
            "settled": settled.get(year) or 0,
        }
        for year in years
    ]
