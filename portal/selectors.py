from django.utils import timezone

from .models import Article, Phase, PublicationStatus


def articles_published():
    return Article.objects.filter(
        status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now()
    ).only("title", "slug", "summary", "category", "published_at")


def phase_for_year(year: int) -> Phase | None:
    return Phase.objects.filter(start_year__lte=year, end_year__gte=year).first()


def home_page_context() -> dict:
    year = timezone.localdate().year
    return {
        "year": year,
        "phase": phase_for_year(year),
        "phases": list(Phase.objects.all()),
        "latest_articles": list(articles_published()[:4]),
    }


def communication_activities_in(year: int):
    from .models import CommunicationActivity

    return CommunicationActivity.objects.filter(
        date__year=year, status=PublicationStatus.PUBLISHED
    ).order_by("date")


def communication_reach(year: int) -> dict:
    """People and organizations reached by communication activities in `year`."""
    from django.db.models import Count, Sum

    totals = communication_activities_in(year).aggregate(
        people=Sum("people_reached"),
        organizations=Sum("organizations_reached"),
        activities=Count("id"),
    )
    return {key: value or 0 for key, value in totals.items()}
