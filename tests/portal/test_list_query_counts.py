"""Every list page runs the same number of queries whatever the number of rows (issue 18: the
query count per page is the same at 20,000 and 1,000,000 organizations): no query per row
shown (N+1), no list rendered whole. Measured with the page cache off, as at scale."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Nomination
from enterprises.models import Organization
from tests.awards.factories import NominationFactory, add_document, assign, open_cycle
from tests.enterprises.factories import (
    OrganizationFactory,
    SupportActivityFactory,
    SupportRequestFactory,
    solution,
)
from tests.trainings.factories import (
    ConsultantFactory,
    ContractFactory,
    CourseFactory,
    EnrollmentFactory,
    ExpertFactory,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "staff home": "/staff/",
    "registry": "/enterprises/staff/organizations/",
    "registry search": "/enterprises/staff/organizations/?q=co+khi",
    "registry by status": "/enterprises/staff/organizations/?status=active&kind=enterprise",
    "ledger": "/enterprises/staff/support/",
    "ledger by year and kind": "/enterprises/staff/support/?year=2025&kind=training",
    "ledger searched": "/enterprises/staff/support/?q=co+khi",
    "support requests": "/enterprises/staff/requests/",
    "review queue": "/enterprises/staff/review/",
    "staff courses": "/trainings/staff/courses/",
    "nominations": "/awards/staff/nominations/",
    "contracts": "/trainings/staff/contracts/",
    "consultants": "/trainings/staff/consultants/",
    "experts": "/trainings/staff/experts/",
    "public catalog": "/trainings/",
    "ranking": "/awards/ranking/",
}


def add_rows(count: int, *, cycle, reviewer) -> None:
    """`count` more of every listed thing, each with the related rows its list shows."""
    five_s = solution("5s")
    for _ in range(count):
        organization = OrganizationFactory()
        OrganizationFactory(status=Organization.Status.PENDING, submitted_at="2025-01-02T08:00Z")
        SupportActivityFactory(organization=organization, solutions=[five_s])
        SupportRequestFactory(organization=organization)
        course = CourseFactory(solutions=[five_s], starts_on=dt.date.today() + dt.timedelta(30))
        EnrollmentFactory.create_batch(2, course=course, organization=organization)
        nomination = NominationFactory(cycle=cycle, organization=organization)
        add_document(nomination)
        assign(nomination, reviewer)
        ContractFactory(consultant=ConsultantFactory())
        ExpertFactory()


def counted(client) -> dict[str, int]:
    counts = {}
    for name, url in PAGES.items():
        client.get(url)  # what is read once per process (settings row, areas) is read now
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_every_list_page_runs_as_many_queries_for_40_rows_as_for_5(
    staff_client, staff_user, settings
):
    settings.PAGE_CACHE = False
    cycle = open_cycle()
    add_rows(5, cycle=cycle, reviewer=staff_user)
    small = counted(staff_client)
    add_rows(35, cycle=cycle, reviewer=staff_user)
    assert Nomination.objects.count() == 40
    large = counted(staff_client)
    assert large == small
