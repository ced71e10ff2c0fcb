"""Reads of the portal core that views, other apps and reports reuse."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from .models import (
    AdministrativeUnit,
    Article,
    CommunicationActivity,
    Phase,
    Policy,
    PublicationStatus,
)
from .text import filter_search, search_key, search_terms, vietnamese_sort_key

# --- Articles ----------------------------------------------------------------------------


def articles_published():
    """Articles the public may read: published, with a publication moment already passed."""
    return Article.objects.filter(
        status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now()
    ).only("title", "slug", "summary", "category", "published_at")


def articles_public(*, category: str = "", query: str = ""):
    articles = articles_published().only(
        "title", "slug", "summary", "category", "published_at", "author_name"
    )
    if category:
        articles = articles.filter(category=category)
    return filter_search(articles, query).order_by("-published_at", "-id")


def article_for_reader(*, slug: str, user) -> Article:
    """The article at `slug` as this reader may see it: program staff also see drafts and
    scheduled or withdrawn articles (to check them before publishing); others get a 404."""
    articles = Article.objects.select_related("created_by")
    if not (user.is_authenticated and user.is_program_staff):
        articles = articles.filter(
            status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now()
        )
    article = articles.filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


def article_is_public(article: Article) -> bool:
    return (
        article.status == PublicationStatus.PUBLISHED
        and article.published_at is not None
        and article.published_at <= timezone.now()
    )


def articles_related(article: Article, limit: int = 4):
    return articles_published().filter(category=article.category).exclude(pk=article.pk)[:limit]


def articles_for_staff(*, status: str = "", category: str = "", query: str = ""):
    articles = Article.objects.select_related("created_by").defer("body", "search_text")
    if status == "scheduled":
        articles = articles.filter(
            status=PublicationStatus.PUBLISHED, published_at__gt=timezone.now()
        )
    elif status:
        articles = articles.filter(status=status)
    if category:
        articles = articles.filter(category=category)
    return filter_search(articles, query).order_by("-updated_at", "-id")


def article_counts_by_status() -> dict[str, int]:
    rows = Article.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


# --- Policies ----------------------------------------------------------------------------


def policies_public(*, status: str = "", query: str = ""):
    policies = Policy.objects.filter(is_public=True).defer("body", "search_text")
    if status:
        policies = policies.filter(status=status)
    return filter_search(policies, query).order_by("-decision_date", "-created_at", "-id")


def policy_for_reader(*, slug: str, user) -> Policy:
    """A public policy; program staff may also open the ones kept off the public site."""
    policies = Policy.objects.all()
    if not (user.is_authenticated and user.is_program_staff):
        policies = policies.filter(is_public=True)
    policy = policies.filter(slug=slug).first()
    if policy is None:
        raise Http404
    return policy


def policies_for_staff(*, status: str = "", query: str = ""):
    policies = Policy.objects.select_related("created_by").defer("body", "search_text")
    if status:
        policies = policies.filter(status=status)
    return filter_search(policies, query).order_by("-updated_at", "-id")


def policies_in_force(year: int):
    """Issued policies in force at some time in `year` (the register's policies with a decision,
    taking effect by the year's end and not ended before it starts)."""
    import datetime as dt

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        Policy.objects.filter(status__in=(Policy.Status.ISSUED, Policy.Status.EXPIRED))
        .filter(Q(effective_from__lte=end) | Q(effective_from__isnull=True, decision_date__lte=end))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
        .exclude(effective_from__isnull=True, decision_date__isnull=True)
        .defer("body", "search_text")
        .order_by("decision_date", "pk")
    )


def policies_adopted_in(year: int):
    """Policies issued (decision dated) in `year`."""
    return (
        Policy.objects.filter(
            status__in=(Policy.Status.ISSUED, Policy.Status.EXPIRED), decision_date__year=year
        )
        .defer("body", "search_text")
        .order_by("decision_date", "pk")
    )


def policies_in_preparation():
    """Policies being researched or proposed (not issued yet)."""
    return (
        Policy.objects.filter(status__in=(Policy.Status.RESEARCHING, Policy.Status.PROPOSED))
        .defer("body", "search_text")
        .order_by("status", "title", "pk")
    )


def policy_counts_by_status() -> dict[str, int]:
    rows = Policy.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


# --- Communication activities ------------------------------------------------------------


def communication_activities_counted():
    """The one rule for which activities count towards the plan's reach, on the staff page and
    in the reports alike: published ones (drafts are not done yet, archived ones withdrawn)."""
    return CommunicationActivity.objects.filter(status=PublicationStatus.PUBLISHED)


def communication_activities(*, year: int | None = None, channel: str = "", query: str = ""):
    activities = CommunicationActivity.objects.select_related("created_by")
    if year:
        activities = activities.filter(date__year=year)
    if channel:
        activities = activities.filter(channel=channel)
    return filter_search(activities, query).order_by("-date", "-id")


def communication_reach_by_year() -> list[dict]:
    """Per year: number of activities, people and organizations reached, and cost (newest first)."""
    rows = (
        communication_activities_counted()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            activities=Count("id"),
            people=Sum("people_reached"),
            organizations=Sum("organizations_reached"),
            cost=Sum("cost"),
        )
        .order_by("-year")
    )
    return [
        {
            "year": row["year"],
            "activities": row["activities"],
            "people": row["people"] or 0,
            "organizations": row["organizations"] or 0,
            "cost": row["cost"] or 0,
        }
        for row in rows
    ]


def communication_activities_in(year: int):
    return communication_activities_counted().filter(date__year=year).order_by("date")


def communication_reach(year: int) -> dict:
    """People and organizations reached by communication activities in `year` (for reports)."""
    totals = communication_activities_in(year).aggregate(
        activities=Count("id"),
        people=Sum("people_reached"),
        organizations=Sum("organizations_reached"),
    )
    return {key: value or 0 for key, value in totals.items()}


# --- Administrative units ----------------------------------------------------------------


def provinces(*, current_only: bool = True):
    units = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
    if current_only:
        units = units.filter(effective_to__isnull=True)
    return units.order_by("name")


def administrative_units_of(
    *, province: AdministrativeUnit, include_closed: bool = False
) -> list[AdministrativeUnit]:
    """Communes and wards of a province (a few hundred at most), sorted by name."""
    units = AdministrativeUnit.objects.filter(parent=province).only(
        "code", "name", "division_type", "level", "effective_from", "effective_to", "source"
    )
    if not include_closed:
        today = timezone.localdate()
        units = units.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today))
    return sorted(units, key=lambda unit: (vietnamese_sort_key(unit.name), unit.code))


def current_communes(*, province_code: str = "") -> list[AdministrativeUnit]:
    """The communes and wards in force, of one province when `province_code` is given, in
    Vietnamese alphabetical order (3,321 in the whole country: sorted here, not by the
    database, whose collation differs between PostgreSQL and SQLite)."""
    units = AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.COMMUNE, effective_to__isnull=True
    ).only("code", "name", "division_type", "level", "parent_id")
    if province_code:
        units = units.filter(parent__code=province_code)
    return sorted(units, key=lambda unit: (vietnamese_sort_key(unit.name), unit.code))


def administrative_units_matching(units, query: str) -> list[AdministrativeUnit]:
    """The units whose name, type or code contain every word of `query`, accents ignored."""
    terms = search_terms(query)
    return [
        unit
        for unit in units
        if all(term in search_key(unit.name, unit.division_type, unit.code) for term in terms)
    ]


# --- Home --------------------------------------------------------------------------------


def plan_baselines() -> dict:
    """The figures of the year before the plan kept in the program settings, by name (the
    reports app's growth targets of the plan's first year rest on them)."""
    from .models import ProgramSettings

    program = ProgramSettings.load()
    return {"supported_organizations": program.baseline_supported_organizations}


def phase_for_year(year: int) -> Phase | None:
    return Phase.objects.filter(start_year__lte=year, end_year__gte=year).first()


def home_page_context() -> dict:
    year = timezone.localdate().year
    phases = list(Phase.objects.all())
    return {
        "year": year,
        "phase": next((phase for phase in phases if phase.contains(year)), None),
        "phases": phases,
        "latest_articles": list(articles_published().order_by("-published_at", "-id")[:4]),
        "issued_policies": list(
            Policy.objects.filter(is_public=True, status=Policy.Status.ISSUED)
            .only("title", "slug", "decision_number", "decision_date")
            .order_by("-decision_date", "-id")[:3]
        ),
    }
