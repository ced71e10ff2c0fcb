"""The reports' pages cost a fixed number of queries whatever the number of records, and a
drill-down's deep page costs what its first page costs (a cursor, never OFFSET)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Indicator
from reports.views import dashboard
from trainings.models import Course, Enrollment

from .factories import CourseFactory, EnrollmentFactory, OrganizationFactory, SupportActivityFactory

YEAR = 2025


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE = False


def add_records(count: int, start: int = 0) -> list[str]:
    """`count` organizations, most supported in YEAR by an activity, half through a course
    their people completed (some both ways, some only one, a few not at all); returns the
    names of those supported."""
    supported = []
    course = CourseFactory(
        kind=Course.Kind.TOOL, starts_on=dt.date(YEAR, 4, 1), ends_on=dt.date(YEAR, 4, 2)
    )
    for index in range(start, start + count):
        organization = OrganizationFactory(name=f"Công ty Kiểm thử {index:04d}")
        if index % 5:
            SupportActivityFactory(organization=organization, date=dt.date(YEAR, 5, 1))
        else:  # counted the year before only
            SupportActivityFactory(organization=organization, date=dt.date(YEAR - 1, 5, 1))
        if index % 2 == 0:
            EnrollmentFactory(
                course=course, organization=organization, status=Enrollment.Status.ATTENDED
            )
        if index % 5 or index % 2 == 0:
            supported.append(organization.name)
    return supported


def pages() -> list[str]:
    urls = [
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + f"?year={YEAR}",
        reverse("reports:target_list"),
        reverse("reports:report_list"),
        reverse("reports:year_list"),
        reverse("reports:year_detail", args=[YEAR]),
    ]
    for indicator in Indicator.objects.order_by("pk"):
        urls.append(reverse("reports:drilldown", args=[indicator.pk, YEAR]))
    return urls


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in pages():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_records(staff_client):
    supported = add_records(5)
    query_counts(staff_client)  # the first requests fill what every request reuses
    small = query_counts(staff_client)
    supported += add_records(45, start=5)
    large = query_counts(staff_client)
    assert small == large
    indicator = Indicator.objects.get(code="SUPPORTED_ORGS")
    response = staff_client.get(reverse("reports:drilldown", args=[indicator.pk, YEAR]))
    assert response.context["figure"]["actual"] == len(supported) > 40  # more records


def _next_url(url: str, html: str) -> str | None:
    if 'rel="next" href="' not in html:
        return None
    return url + html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_a_deep_drilldown_page_costs_what_the_first_costs(staff_client, monkeypatch):
    monkeypatch.setattr(dashboard, "DRILLDOWN_PAGE_SIZE", 4)
    supported = add_records(23)
    indicator = Indicator.objects.get(code="SUPPORTED_ORGS")
    url = reverse("reports:drilldown", args=[indicator.pk, YEAR])
    staff_client.get(url)
    next_url: str | None = url
    costs, names, deep_sql = [], [], []
    while next_url:
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(next_url)
        page = response.context["page"]
        # The total above the list is the figure, on every page.
        assert page.paginator.count == response.context["figure"]["actual"] == len(supported)
        costs.append(len(queries))
        names.extend(organization.name for organization in page.object_list)
        if next_url != url:
            deep_sql = [q["sql"] for q in queries.captured_queries]
        next_url = _next_url(url, response.content.decode())
    assert len(supported) == 21
    assert len(costs) == 6  # 21 records, 4 a page
    assert len(set(costs)) == 1, costs
    # Every organization counted is listed once, in the order of the list.
    assert names == sorted(supported)
    listing = [sql for sql in deep_sql if '"enterprises_organization"."name"' in sql]
    assert listing
    assert all("OFFSET" not in sql.upper() for sql in listing)
    assert any('"enterprises_organization"."name" >=' in sql for sql in listing)
