"""List pages: the number of queries does not grow with the rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainings.models import Enrollment

from .factories import (
    ConsultantFactory,
    ContractFactory,
    CourseFactory,
    EnrollmentFactory,
    ExpertFactory,
    SolutionFactory,
)


def make_courses(n):
    solutions = [SolutionFactory(code=f"gp-{i}") for i in range(3)]
    for i in range(n):
        course = CourseFactory(solutions=solutions[: 1 + i % 3])
        EnrollmentFactory.create_batch(2, course=course)
        EnrollmentFactory(course=course, status=Enrollment.Status.WAITLISTED)


def make_experts(n):
    solutions = [SolutionFactory(code=f"cg-{i}") for i in range(2)]
    for _ in range(n):
        ExpertFactory().expertise.set(solutions)


def make_contracts(n):
    for _ in range(n):
        ContractFactory(consultant=ConsultantFactory())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


CASES = [
    ("trainings:catalog", make_courses, 10),
    ("trainings:course_list", make_courses, 12),
    ("trainings:expert_list", make_experts, 12),
    ("trainings:consultant_list", make_contracts, 12),
    ("trainings:contract_list", make_contracts, 12),
]


@pytest.mark.parametrize(("url_name", "make", "limit"), CASES)
def test_queries_do_not_grow_with_rows(
    staff_client, django_assert_max_num_queries, url_name, make, limit
):
    url = reverse(url_name)
    make(2)
    staff_client.get(url)  # warm the per-session caches (roles, settings)
    small = queries(staff_client, url)
    make(20)
    staff_client.get(url)  # the list's kept count is rebuilt once after the writes
    with django_assert_max_num_queries(limit):
        large = queries(staff_client, url)
    assert small == large, (url_name, small, large)
    print(f"{url_name}: {small} queries with 2 rows, {large} with 22")


def test_public_catalog_queries_for_anonymous(client, db, django_assert_max_num_queries):
    url = reverse("trainings:catalog")
    make_courses(2)
    client.get(url)
    small = queries(client, url)
    make_courses(20)
    client.get(url)  # the list's kept count is rebuilt once after the writes
    with django_assert_max_num_queries(8):
        large = queries(client, url)
    assert small == large
    print(f"catalog queries (anonymous): {small}")


def test_staff_courses_newest_first_in_an_order_an_index_gives(staff_client):
    """The newest courses first, with their places taken and waiting, each linked to its page;
    the page's query orders by plain `starts_on DESC, id DESC` (the index on (starts_on, id)
    read backwards), not `DESC NULLS LAST`, which made PostgreSQL sort every course."""
    import datetime as dt
    import re

    old = CourseFactory(starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2025, 3, 2))
    new = CourseFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 9, 2))
    EnrollmentFactory.create_batch(2, course=new)
    EnrollmentFactory(course=new, status=Enrollment.Status.WAITLISTED)
    EnrollmentFactory(course=new, status=Enrollment.Status.CANCELLED)
    with CaptureQueriesContext(connection) as context:
        html = staff_client.get(reverse("trainings:course_list")).content.decode()
    links = re.findall(r'href="(/trainings/staff/courses/\d+/)"', html)
    assert links[:2] == [
        reverse("trainings:course_detail", args=[new.pk]),
        reverse("trainings:course_detail", args=[old.pk]),
    ]
    row = html[html.index(links[0]) : html.index("</tr>", html.index(links[0]))]
    assert f"2/{new.capacity}" in row
    assert "+1</span>" in row
    paged = [q["sql"] for q in context.captured_queries if "LIMIT" in q["sql"]]
    ordered = [sql for sql in paged if '"trainings_course"."starts_on" DESC' in sql]
    assert ordered
    assert all("NULLS LAST" not in sql for sql in ordered)
