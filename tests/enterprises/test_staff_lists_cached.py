"""The ledger, the support requests and the review queue are kept fragments (portal.fragments):
served from the cache while their areas are unchanged, rebuilt by a write to one of them, kept
through writes elsewhere (courses), with working forms for each viewer."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Organization
from tests.conftest import make_user
from tests.trainings.factories import CourseFactory

from .factories import OrganizationFactory, SupportActivityFactory, SupportRequestFactory

LISTS = {
    # name: (url name, the table its rows come from, a new record of its area: its text)
    "ledger": ("enterprises:ledger", "enterprises_supportactivity"),
    "requests": ("enterprises:staff_requests", "enterprises_supportrequest"),
    "review": ("enterprises:review_queue", "enterprises_organization"),
}


def add_record(name: str, commune, n: int) -> str:
    if name == "ledger":
        org = OrganizationFactory(commune=commune)
        return SupportActivityFactory(organization=org, title=f"Hỗ trợ Kaizen lần {n}").title
    if name == "requests":
        org = OrganizationFactory(commune=commune, name=f"Công ty Cần Hỗ Trợ {n}")
        SupportRequestFactory(organization=org)
        return org.name
    return OrganizationFactory(
        commune=commune, name=f"Công ty Chờ Duyệt {n}", status=Organization.Status.PENDING
    ).name


def reads(client, url, table) -> tuple[bool, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return (
        any(f'"{table}"' in query["sql"] for query in queries.captured_queries),
        response.content.decode(),
    )


@pytest.mark.parametrize("name", list(LISTS))
def test_a_staff_list_is_kept_until_its_area_changes(staff_client, commune, name):
    url_name, table = LISTS[name]
    url = reverse(url_name)
    first = add_record(name, commune, 1)
    built, html = reads(staff_client, url, table)
    assert built
    assert first in html
    served, again = reads(staff_client, url, table)
    assert not served  # from the cache: its rows are not read again
    assert again == html.replace(_token(html), _token(again))
    # Courses are another area: the list stays cached.
    course = CourseFactory()
    course.title = "Khoá học đổi tên"
    course.save()
    served, _html = reads(staff_client, url, table)
    assert not served
    # A record of its own area: rebuilt at once.
    second = add_record(name, commune, 2)
    built, html = reads(staff_client, url, table)
    assert built
    assert second in html
    assert first in html


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else "\0"


def test_a_cached_review_queue_carries_each_viewers_working_csrf_token(staff_client, commune):
    pending = OrganizationFactory(commune=commune, status=Organization.Status.PENDING)
    url = reverse("enterprises:review_queue")
    staff_client.get(url)  # kept
    other = Client(enforce_csrf_checks=True)
    other.force_login(make_user("program_staff", "second-reviewer@example.com"))
    html = other.get(url).content.decode()
    response = other.post(
        reverse("enterprises:review_decide", args=[pending.pk, "approve"]),
        {"csrfmiddlewaretoken": _token(html)},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organization.Status.ACTIVE


def test_the_kept_requests_list_pages_keep_the_filters(staff_client, commune):
    for n in range(30):
        add_record("requests", commune, n)
    url = reverse("enterprises:staff_requests")
    html = staff_client.get(url, {"status": "submitted"}).content.decode()
    # Pages by cursor (portal.keyset): the next page's link keeps the filter.
    found = re.search(r'rel="next" href="\?(status=submitted&amp;after=[^"]+)"', html)
    assert found, "the next page's link lost the filter"
    second = staff_client.get(f"{url}?{found.group(1).replace('&amp;', '&')}").content.decode()
    shown = set(re.findall(r"Công ty Cần Hỗ Trợ (\d+)<", second))
    assert shown == {"0", "1", "2", "3", "4"}  # newest first: the five oldest on page 2
    assert 'href="?status=submitted"' in second  # back to the first page, still filtered
