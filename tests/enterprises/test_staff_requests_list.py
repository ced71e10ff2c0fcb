"""The staff list of support requests pages by its sort key and id (portal.keyset): it reads
its page's rows whatever the total, so it runs the same queries for 3 requests as for 60, on
the first page as on the next; an empty list reads one query fewer (no solutions to read),
not two (Django's numbered pages skip the rows query when the count is 0, which made the
count depend on the data). Measured with the page cache off, as at scale."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import SupportRequest

from .factories import OrganizationFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

URL = "/enterprises/staff/requests/"


def queries(client, url: str = URL) -> tuple[int, str]:
    client.get(url)  # what is read once per process is read now
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def rows(page: str) -> int:
    return page.count('href="/enterprises/requests/')


def next_link(page: str) -> str:
    found = re.search(r'rel="next" href="([^"]+)"', page)
    assert found, "no link to the next page"
    return URL + html.unescape(found.group(1))


def test_the_requests_list_runs_the_same_queries_whatever_the_number_of_requests(
    staff_client, settings
):
    settings.PAGE_CACHE = False
    empty, page = queries(staff_client)
    assert rows(page) == 0

    organization = OrganizationFactory()
    for _ in range(3):
        SupportRequestFactory(organization=organization)
    few, page = queries(staff_client)
    assert rows(page) == 3

    for _ in range(57):
        SupportRequestFactory(organization=OrganizationFactory())
    assert SupportRequest.objects.count() == 60
    many, page = queries(staff_client)
    assert rows(page) == 25
    deeper, page = queries(staff_client, next_link(page))
    assert rows(page) == 25

    assert few == many == deeper
    assert empty == few - 1  # the solutions of no request are not read


def test_the_requests_list_by_status_pages_by_cursor(staff_client, settings):
    settings.PAGE_CACHE = False
    for _ in range(30):
        SupportRequestFactory(organization=OrganizationFactory(), status="in_review")
    SupportRequestFactory(organization=OrganizationFactory(), status="submitted")
    first, page = queries(staff_client, f"{URL}?status=in_review&o=-status")
    assert rows(page) == 25
    second, page = queries(staff_client, next_link(page))
    assert rows(page) == 5
    assert first == second
