"""Reads other code reuses, with their select_related/prefetch/annotations.

The reports app counts the plan's actuals from the functions in the "Reports" section: keep
their names and signatures. Organizations are counted distinct, from RECORDED activities only
(cancelled ones never count)."""

from __future__ import annotations

from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from portal.areas import group_fields
from portal.models import AdministrativeUnit, ProgramSettings
from portal.text import TRIGRAM_LENGTH, filter_search, search_terms, vietnamese_sort_key

from .concordance import IndustryConverter
from .industry import other_version, section_name, version_name
from .models import (
    CabStrengthenedYear,
    IndustryConcordance,
    Membership,
    Organization,
    OrganizationChangeRequest,
    PilotModel,
    PilotReplication,
    SharingEvent,
    Solution,
    SupportActivity,
    SupportRequest,
    SupportTally,
)

RECORDED = SupportActivity.Status.RECORDED

# An organization's contacts (and the time of its last edit): an area of their own
# (portal.areas.COLUMN_GROUPS), shown only on its own page and in the exports.
CONTACT_FIELDS = group_fields("enterprises.Organization", "organization-contacts")


def without_contacts(queryset: QuerySet, via: str = "") -> QuerySet:
    """`queryset` without the organization's contact columns (`via`: the path to the
    organization, "organization__"): a list that shows no contact does not read them, so a new
    phone number leaves it kept (reading them while building a fragment that does not name
    "organization-contacts" is refused, portal.fragments)."""
    return queryset.defer(*(via + name for name in CONTACT_FIELDS))


def recorded_activities() -> QuerySet[SupportActivity]:
    return SupportActivity.objects.filter(status=RECORDED)


def _year_range(start_year: int, end_year: int) -> Q:
    import datetime as dt

    return Q(date__gte=dt.date(start_year, 1, 1), date__lte=dt.date(end_year, 12, 31))


# --- Reports ----------------------------------------------------------------------------------


def organizations_supported_in(
    year: int, *, solution_group: str | None = None
) -> QuerySet[Organization]:
    """Distinct organizations with at least one recorded support dated in `year`."""
    activities = recorded_activities().filter(_year_range(year, year))
    if solution_group:
        activities = activities.filter(solutions__group=solution_group)
    return Organization.objects.filter(pk__in=activities.values("organization_id"))


def organizations_supported_between(start_year: int, end_year: int) -> QuerySet[Organization]:
    activities = recorded_activities().filter(_year_range(start_year, end_year))
    return Organization.objects.filter(pk__in=activities.values("organization_id"))


def support_activities_in(year: int) -> QuerySet[SupportActivity]:
    return (
        recorded_activities()
        .filter(_year_range(year, year))
        .select_related("organization", "organization__commune", "recorded_by")
        .prefetch_related("solutions")
        .order_by("date", "id")
    )


BREAKDOWNS = ("commune", "industry_section", "size_class", "solution_group", "kind")


# --- Industry: one classification per figure ---------------------------------------------------


def breakdown_classification() -> str:
    """The VSIC version every count by industry is reported in (program settings)."""
    return ProgramSettings.load().industry_classification


def classification_name(version: str | None = None) -> str:
    """ "VSIC 2025": the short name of a version (default: the one breakdowns use)."""
    return version_name(version or breakdown_classification())


def industry_converter(target: str | None = None) -> IndustryConverter:
    """Converts any organization's code to its section in `target` (default: the setting)."""
    target = target or breakdown_classification()
    rows = IndustryConcordance.objects.filter(target_version=target).values_list(
        "source_version", "source_code", "target_section"
    )
    return IndustryConverter(target, rows)


def industry_section_filter(letter: str, converter: IndustryConverter) -> Q:
    """Organizations whose industry is in section `letter` of the converter's classification,
    whichever version their own code is in."""
    target = converter.target
    source = other_version(target)
    condition = Q(industry_classification=target, industry_section=letter)
    whole, partly = converter.source_sections(source, letter)
    if whole:
        condition |= Q(industry_classification=source, industry_section__in=sorted(whole))
    if partly:
        # Only these sections split (e.g. VSIC 2018 G: selling cars → G, repairing them → T):
        # their few distinct codes are converted one by one.
        candidates = (
            Organization.objects.filter(
                industry_classification=source, industry_section__in=sorted(partly)
            )
            .order_by()
            .values_list("industry_code", "industry_section")
            .distinct()
        )
        codes = sorted(
            {
                code
                for code, section in candidates
                if converter.section(source, code, section) == letter
            }
        )
        if codes:
            condition |= Q(
                industry_classification=source,
                industry_section__in=sorted(partly),
                industry_code__in=codes,
            )
    return condition


def _industry_rows(orgs: QuerySet[Organization]) -> list[dict]:
    """Distinct organizations per section of the reporting classification: codes of the other
    version are converted through the concordance, so each section appears once."""
    rows = orgs.values("industry_classification", "industry_code", "industry_section").annotate(
        count=Count("id")
    )
    return _industry_sections(
        (
            row["industry_classification"],
            row["industry_code"],
            row["industry_section"],
            row["count"],
        )
        for row in rows
    )


def _industry_sections(rows) -> list[dict]:
    """(classification, code, section, count) rows summed per section of the reporting
    classification (the program settings' one, converted in Python: a change of the setting
    needs no recount)."""
    converter = industry_converter()
    version = converter.target
    counts: dict[str, int] = {}
    for classification, code, section, count in rows:
        letter = converter.section(classification, code, section)
        known = code or section
        key = letter or ("?" if known else "")
        counts[key] = counts.get(key, 0) + count
    result = []
    for key, count in counts.items():
        if key == "":
            label, row_key = _("Not specified"), None
        elif key == "?":
            label = _("Not convertible to %(version)s") % {"version": version_name(version)}
            row_key = None
        else:
            label, row_key = f"{key} – {section_name(version, key)}", f"{version}:{key}"
        result.append({"key": row_key, "label": label, "count": count})
    return result


def _pair_counts(activities: QuerySet, field: str, other_support: QuerySet) -> dict:
    """Distinct (organization, kind or group) pairs of the ledger and of `other_support`,
    counted per kind or group in the database: UNION drops the repeated pairs (an
    organization counts once per kind or group) and GROUP BY counts them, so a year's
    hundreds of thousands of pairs never come to Python."""
    pairs = (
        activities.annotate(pair_key=F(field))
        .values_list("organization_id", "pair_key")
        .union(other_support)
    )
    sql, params = pairs.query.get_compiler(using=pairs.db).as_sql()
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(
            f"SELECT pair_key, COUNT(*) FROM ({sql}) pairs GROUP BY pair_key",  # noqa: S608
            params,
        )
        return dict(cursor.fetchall())


def supported_breakdown(
    year: int,
    by: str,
    *,
    organizations: QuerySet[Organization] | None = None,
    other_support: QuerySet | None = None,
) -> list[dict]:
    """Distinct supported organizations in `year`, counted per `by`, in one query.

    By commune, industry section or size class: `organizations` (default: those with a
    recorded support in the year; the reports app passes the organizations its indicator
    counts), each in one group. By kind of support or solution group: each organization once
    per kind or group of the support recorded in the year, merged with `other_support`, the
    (organization id, kind or group) pairs of support given outside the ledger (courses)."""
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {BREAKDOWNS}")
    not_given = _("Not specified")
    if by in ("solution_group", "kind"):
        field = "solutions__group" if by == "solution_group" else "kind"
        labels = dict(
            Solution.Group.choices if by == "solution_group" else SupportActivity.Kind.choices
        )
        activities = recorded_activities().filter(_year_range(year, year)).order_by()
        if by == "solution_group":
            activities = activities.filter(solutions__isnull=False)
        if other_support is None:
            rows = activities.values(field).annotate(count=Count("organization_id", distinct=True))
            counts = {row[field]: row["count"] for row in rows}
        else:
            counts = _pair_counts(activities, field, other_support)
        result = [
            {"key": key, "label": str(labels.get(key, key)), "count": count}
            for key, count in counts.items()
        ]
    else:
        if organizations is None:
            organizations = organizations_supported_in(year)
        orgs = organizations.order_by()
        if by == "commune":
            rows = orgs.values("commune__code", "commune__name").annotate(count=Count("id"))
            result = [
                {
                    "key": row["commune__code"],
                    "label": row["commune__name"] or not_given,
                    "count": row["count"],
                }
                for row in rows
            ]
        elif by == "industry_section":
            result = _industry_rows(orgs)
        else:
            choices = dict(Organization.SizeClass.choices)
            rows = orgs.values("size_class").annotate(count=Count("id"))
            result = [
                {
                    "key": row["size_class"] or None,
                    "label": str(choices.get(row["size_class"], not_given)),
                    "count": row["count"],
                }
                for row in rows
            ]
    return _largest_first(result)


def _largest_first(result: list[dict]) -> list[dict]:
    # Largest first; equal counts in Vietnamese alphabetical order of their names.
    return sorted(result, key=lambda r: (-r["count"], vietnamese_sort_key(str(r["label"]))))


KEPT_BREAKDOWNS = {
    "commune": SupportTally.Dimension.COMMUNE,
    "industry_section": SupportTally.Dimension.INDUSTRY,
    "size_class": SupportTally.Dimension.SIZE,
}


def supported_breakdown_kept(year: int, by: str) -> list[dict]:
    """`supported_breakdown` of the organizations supported in `year` by activity or course
    (the kept `SupportYear`), by commune, industry section or size class, read from the counts
    the writing services keep with it (`SupportTally`, enterprises/supported.py): one row per
    group present (hundreds), whatever the number of organizations; the same rows as the
    GROUP BY over the year's organizations."""
    if by not in KEPT_BREAKDOWNS:
        raise ValueError(f"by must be one of {tuple(KEPT_BREAKDOWNS)}")
    rows = list(
        SupportTally.objects.filter(year=year, dimension=KEPT_BREAKDOWNS[by], count__gt=0)
        .order_by()
        .values_list("key", "count")
    )
    not_given = _("Not specified")
    if by == "commune":
        ids = [int(key) for key, _count in rows if key]
        units = {
            pk: (code, name)
            for pk, code, name in AdministrativeUnit.objects.filter(pk__in=ids).values_list(
                "pk", "code", "name"
            )
        }
        result = [
            {
                "key": units[int(key)][0] if key else None,
                "label": units[int(key)][1] if key else not_given,
                "count": count,
            }
            for key, count in rows
        ]
    elif by == "industry_section":
        result = _industry_sections((*key.split(":", 2), count) for key, count in rows)
    else:
        choices = dict(Organization.SizeClass.choices)
        result = [
            {
                "key": key or None,
                "label": str(choices.get(key, not_given)),
                "count": count,
            }
            for key, count in rows
        ]
    return _largest_first(result)


def pilot_models_by_status(year: int | None = None) -> dict[str, int]:
    """Pilot models per status (all of them, or those selected in `year`); every status is a key."""
    qs = PilotModel.objects.all()
    if year is not None:
        qs = qs.filter(selected_on__year=year)
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in PilotModel.Status.values}


def _date_span(field: str, start_year: int, end_year: int) -> Q:
    import datetime as dt

    return Q(
        **{
            f"{field}__gte": dt.date(start_year, 1, 1),
            f"{field}__lte": dt.date(end_year, 12, 31),
        }
    )


# A pilot model is built (đã xây dựng) once it is evaluated or recognised.
PILOT_BUILT = (PilotModel.Status.EVALUATED, PilotModel.Status.RECOGNIZED)


def pilot_models_with_built_on() -> QuerySet[PilotModel]:
    """Pilot models annotated with `built_on`: the day it was evaluated (or recognised, when
    no evaluation date was kept); None while it is not built."""
    return PilotModel.objects.annotate(
        built_on=Case(
            When(status__in=PILOT_BUILT, then=Coalesce("evaluated_on", "recognized_on")),
            default=None,
            output_field=DateField(),
        )
    )


def organizations_with_pilot_model(start_year: int, end_year: int) -> QuerySet[Organization]:
    """Distinct organizations with a pilot model selected in the span."""
    pilots = PilotModel.objects.filter(_date_span("selected_on", start_year, end_year))
    return Organization.objects.filter(pk__in=pilots.values("organization_id"))


def organizations_with_pilot_model_built(start_year: int, end_year: int) -> QuerySet[Organization]:
    """Distinct organizations with a pilot model built (evaluated or recognised) in the span."""
    pilots = pilot_models_with_built_on().filter(_date_span("built_on", start_year, end_year))
    return Organization.objects.filter(pk__in=pilots.values("organization_id"))


def pilot_models_between(start_year: int, end_year: int) -> QuerySet[PilotModel]:
    """The pilot models selected or built in the span, with their organization and `built_on`."""
    return (
        pilot_models_with_built_on()
        .filter(
            _date_span("selected_on", start_year, end_year)
            | _date_span("built_on", start_year, end_year)
        )
        .select_related("organization")
        .order_by("organization__name", "selected_on", "pk")
    )


def sharing_events_in(year: int) -> QuerySet[SharingEvent]:
    """Site visits and workshops sharing a pilot model, held in `year`."""
    return (
        SharingEvent.objects.filter(date__year=year)
        .select_related("pilot_model__organization")
        .order_by("date", "pk")
    )


def sharing_totals_in(year: int) -> dict:
    totals = sharing_events_in(year).aggregate(
        events=Count("id"),
        participants=Coalesce(Sum("participants"), 0),
        organizations_attending=Coalesce(Sum("organizations_attending"), 0),
    )
    return totals


def pilot_replications_in(year: int) -> QuerySet[PilotReplication]:
    """The replications of pilot models recorded for `year`."""
    return (
        PilotReplication.objects.filter(replicated_on__year=year)
        .select_related("organization", "pilot_model__organization")
        .order_by("replicated_on", "pk")
    )


def organizations_replicating_in(year: int) -> QuerySet[Organization]:
    """Distinct organizations that replicated a pilot model in `year`."""
    return Organization.objects.filter(
        pk__in=pilot_replications_in(year).order_by().values("organization_id")
    )


def pilot_replications_prefetch() -> Prefetch:
    return Prefetch(
        "replications",
        queryset=PilotReplication.objects.select_related("organization", "recorded_by"),
    )


def conformity_assessment_bodies_strengthened(
    start_year: int, end_year: int
) -> QuerySet[Organization]:
    """The live rule of CAB_STRENGTHENED (what its drill-down lists); the figure counts the
    same organizations from the kept table (`cab_strengthened_counted`)."""
    activities = cab_strengthening_activities().filter(_year_range(start_year, end_year))
    return Organization.objects.filter(
        kind=Organization.Kind.CONFORMITY_ASSESSMENT_BODY,
        pk__in=activities.values("organization_id"),
    )


def cab_strengthening_activities() -> QuerySet[SupportActivity]:
    """The recorded activities that strengthen a CAB: capacity building, or with a solution of
    group CAB_CAPACITY (whatever the organization's kind: the callers require a CAB)."""
    return recorded_activities().filter(
        Q(kind=SupportActivity.Kind.CAPACITY_BUILDING)
        | Q(solutions__group=Solution.Group.CAB_CAPACITY),
    )


def cab_strengthened_counted(start_year: int, end_year: int) -> QuerySet:
    """The ids of the organizations `conformity_assessment_bodies_strengthened` lists, read
    from the kept table (`CabStrengthenedYear`, the same rule kept by the writing services),
    distinct: what the figure counts, from the table's (year, organization) index alone
    instead of every CAB's activities."""
    return (
        CabStrengthenedYear.objects.filter(year__gte=start_year, year__lte=end_year)
        .order_by()
        .values("organization_id")
        .distinct()
    )


def cab_strengthened_listed(start_year: int, end_year: int) -> QuerySet[Organization]:
    """The organizations of `conformity_assessment_bodies_strengthened`, found through the
    kept table: what CAB_STRENGTHENED's drill-down lists (the live rule probes every CAB's
    activities: 2 s and more at 1,000,000 organizations; the kept table is held equal to it
    by the writing services and their tests)."""
    return Organization.objects.filter(pk__in=cab_strengthened_counted(start_year, end_year))


def support_budget_in(year: int) -> dict:
    totals = (
        recorded_activities()
        .filter(_year_range(year, year))
        .aggregate(
            state_budget=Coalesce(Sum("state_budget"), 0),
            own_contribution=Coalesce(Sum("own_contribution"), 0),
            activities=Count("id"),
        )
    )
    totals["total"] = totals["state_budget"] + totals["own_contribution"]
    return totals


# --- Registry and workspace -------------------------------------------------------------------


def search_organizations(qs: QuerySet[Organization], query: str) -> QuerySet[Organization]:
    """Accent-insensitive: every word must appear in the unaccented name/short name/tax code."""
    return filter_search(qs, query)


# How many organizations a search of short words may name before their records are looked
# up through the search itself rather than through the list of their ids.
NAMED_IDS_LIMIT = 5000


def organizations_named(query: str) -> list[int] | None:
    """The ids of the organizations a search box names when every word of it is shorter than
    three letters ("5s", "co") and it names up to `NAMED_IDS_LIMIT` of them; else None: the
    search is best run as it is (`search_organizations`, or it as a subquery).

    A word of three letters or more goes through the trigram index, whose statistics tell
    PostgreSQL how many organizations match. A shorter word cannot (`filter_search`), and for
    it PostgreSQL guesses: believing many organizations match, it walks the registry in name
    order, or the whole ledger by date, looking for their rows (15 s and 200 s at 1,000,000
    organizations when none matched). Reading the ids first costs one pass over the table
    (0.7 s there) and then their rows are found through the primary key or the organization
    index. When more than the limit match, they are many and the guess is right."""
    if any(len(term) >= TRIGRAM_LENGTH for term in search_terms(query)):
        return None
    named = search_organizations(Organization.objects.order_by(), query).values_list(
        "pk", flat=True
    )
    ids = list(named[: NAMED_IDS_LIMIT + 1])
    return ids if len(ids) <= NAMED_IDS_LIMIT else None


def registry_organizations() -> QuerySet[Organization]:
    activity_count = (
        recorded_activities()
        .filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Organization.objects.select_related("commune").annotate(
        activity_count=Coalesce(Subquery(activity_count, output_field=IntegerField()), 0)
    )


def organizations_pending_review() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(status=Organization.Status.PENDING)
        .select_related("commune")
        .order_by("submitted_at", "id")
    )


# What a card of the review queue shows of a registration (no contact columns: the queue
# links to the organization's page for those).
REVIEW_CARD_FIELDS = (
    "id",
    "name",
    "tax_code",
    "kind",
    "legal_form",
    "size_class",
    "status",
    "submitted_at",
    "commune",
    "commune__name",
)


def review_queue_cards() -> QuerySet[Organization]:
    """`organizations_pending_review` with only what the queue's cards show."""
    return organizations_pending_review().only(*REVIEW_CARD_FIELDS)


def memberships_pending() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(status=Membership.Status.PENDING, user__is_active=True)
        .select_related("user", "organization")
        .only(
            "id",
            "message",
            "created_at",
            "user",
            "user__full_name",
            "user__email",
            "user__position",
            "organization",
            "organization__name",
            "organization__tax_code",
        )
        .order_by("created_at", "id")
    )


def change_requests_pending() -> QuerySet[OrganizationChangeRequest]:
    return (
        # The queue shows the old and new name and tax code, and links the organization by id.
        OrganizationChangeRequest.objects.filter(
            status=OrganizationChangeRequest.Status.PENDING
        ).order_by("created_at", "id")
    )


OPEN_REQUEST_STATUSES = (SupportRequest.Status.SUBMITTED, SupportRequest.Status.IN_REVIEW)


def support_requests_open() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)


def support_requests_listing(qs: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    return qs.select_related("organization", "created_by").prefetch_related("solutions")


def support_ledger(qs: QuerySet[SupportActivity] | None = None) -> QuerySet[SupportActivity]:
    qs = SupportActivity.objects.all() if qs is None else qs
    return qs.select_related("organization", "recorded_by").prefetch_related(
        Prefetch("solutions", queryset=Solution.objects.only("id", "name", "group", "code"))
    )


def ledger_totals(qs: QuerySet[SupportActivity]) -> dict:
    """State budget and own contribution of the ledger's filtered rows, and how many rows
    (the total above the list): one pass over the rows instead of a count and a sum."""
    totals = qs.order_by().aggregate(
        state_budget=Coalesce(Sum("state_budget"), 0),
        own_contribution=Coalesce(Sum("own_contribution"), 0),
        rows=Count("id"),
    )
    return totals


def pilot_models_listing(qs: QuerySet[PilotModel] | None = None) -> QuerySet[PilotModel]:
    qs = PilotModel.objects.all() if qs is None else qs
    return qs.select_related("organization").prefetch_related("solutions")


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.REVOKED)
        .select_related("organization", "organization__commune")
        .order_by("organization__name")
    )


def organizations_supported_kept(year: int) -> QuerySet[Organization]:
    """The organizations supported in `year` by activity or course, read from the table the
    writing services keep (`enterprises/supported.py`): what the reports count, one index
    instead of every activity and enrollment of the year."""
    from .supported import supported_in  # it builds on this module's selectors

    return supported_in(year)
