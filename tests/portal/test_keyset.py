"""Keyset pagination (portal.keyset): every row once, in order, forwards and backwards; a deep
page runs the same queries as the first; a damaged cursor shows the first page."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from enterprises.models import Organization, SupportActivity
from portal.keyset import beyond, keyset_page, ordering
from portal.lists import vietnamese
from tests.conftest import require_service
from tests.enterprises.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def page_at(query: str, queryset, per_page=3):
    return keyset_page(RequestFactory().get("/list/?" + query), queryset, per_page=per_page)


def walk(queryset, per_page=3):
    pages, query = [], "q=x"
    while True:
        page = page_at(query, queryset, per_page)
        pages.append(page)
        if not page.has_next:
            return pages
        query = page.next_query


def test_the_order_comes_from_the_queryset_and_ends_with_the_id():
    assert ordering(Organization.objects.all()) == [("name", False, None), ("pk", False, None)]
    assert ordering(SupportActivity.objects.all()) == [("date", True, None), ("pk", True, None)]
    assert ordering(Organization.objects.order_by("-employees")) == [
        ("employees", True, None),
        ("pk", True, None),
    ]
    collated = Organization.objects.order_by(Collate(F("name"), "vi-x-icu").desc(), "-id")
    assert ordering(collated) == [("name", True, "vi-x-icu"), ("pk", True, None)]


def test_walking_forwards_and_back_shows_every_row_once_in_order():
    # Equal names: the id breaks the tie, so no row is skipped or repeated across pages.
    for index in range(8):
        OrganizationFactory(name=f"Công ty {'A' if index < 5 else 'B'}")
    queryset = Organization.objects.all()
    expected = list(queryset.order_by("name", "id").values_list("id", flat=True))
    pages = walk(queryset)
    assert [[o.pk for o in page] for page in pages] == [
        expected[0:3],
        expected[3:6],
        expected[6:8],
    ]
    assert not pages[0].has_previous
    assert pages[1].has_previous
    assert "q=x" in pages[1].next_query  # the filters stay in the links
    back = page_at(pages[2].previous_query, queryset)
    assert [o.pk for o in back] == expected[3:6]
    first = page_at(back.previous_query, queryset)
    assert [o.pk for o in first] == expected[0:3]
    assert not first.has_previous


def test_descending_order_by_date_pages_the_ledger_order():
    organization = OrganizationFactory()
    from tests.enterprises.factories import SupportActivityFactory

    for day in (1, 1, 2, 3, 3, 3, 4):
        SupportActivityFactory(organization=organization, date=f"2025-03-0{day}")
    queryset = SupportActivity.objects.all()
    expected = list(queryset.order_by("-date", "-id").values_list("id", flat=True))
    pages = walk(queryset, per_page=2)
    assert [o.pk for page in pages for o in page] == expected


def test_a_deep_page_runs_the_same_queries_as_the_first():
    OrganizationFactory.create_batch(12)
    queryset = Organization.objects.all()
    with CaptureQueriesContext(connection) as first:
        page = page_at("", queryset)
        list(page)
    query = page.next_query
    for _ in range(2):
        query = page_at(query, queryset).next_query
    with CaptureQueriesContext(connection) as deep:
        list(page_at(query, queryset))
    assert len(first) == len(deep) == 1
    assert "OFFSET" not in deep.captured_queries[0]["sql"].upper()


@pytest.mark.parametrize("cursor", ["after=%%%", "after=WyJ4Il0", "before=bm9uc2Vuc2U"])
def test_a_damaged_cursor_shows_the_first_page(cursor):
    OrganizationFactory.create_batch(4)
    page = page_at(cursor, Organization.objects.all())
    expected = list(Organization.objects.order_by("name", "id").values_list("id", flat=True))
    assert [o.pk for o in page] == expected[:3]
    assert not page.has_previous


def test_the_registry_pages_by_cursor(staff_client):
    """Sorted by a plain column (tax code) or by its default order, names in Vietnamese
    collation, the registry pages by cursor."""
    OrganizationFactory.create_batch(27)
    html = staff_client.get("/enterprises/staff/organizations/?o=tax_code").content.decode()
    assert 'data-testid="keyset-pagination"' in html
    next_link = html.split('rel="next" href="?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "after=" in next_link
    assert "o=tax_code" in next_link
    second = staff_client.get("/enterprises/staff/organizations/?" + next_link)
    assert second.status_code == 200
    assert 'rel="prev"' in second.content.decode()

    by_name = staff_client.get("/enterprises/staff/organizations/").content.decode()
    next_link = re.search(r'href="\?([^"]*)" rel="next"|rel="next" href="\?([^"]*)"', by_name)
    next_link = next(group for group in next_link.groups() if group).replace("&amp;", "&")
    assert "after=" in next_link
    second = staff_client.get("/enterprises/staff/organizations/?" + next_link)
    assert second.status_code == 200
    assert 'rel="prev"' in second.content.decode()


VIETNAMESE_NAMES = [
    # Code point order puts "Đ" after "Z" and "Ă", "Â" after "B"; Vietnamese order does not.
    "Công ty Đông Á",
    "Công ty Ánh Dương",
    "Công ty Zeta",
    "Công ty Âu Lạc",
    "Công ty Bình Minh",
    "Công ty Ăn Uống",
    "Công ty Dệt May",
    "Công ty An Phát",
    "Công ty Êm Đềm",
    "Công ty Đại Việt",
    "Công ty Hưng Thịnh",
    "Công ty Hùng Vương",
]


def test_a_deep_page_in_vietnamese_order_has_no_offset_and_the_right_rows():
    """The registry's default order (names in the ICU Vietnamese collation) pages by cursor:
    the cursor is compared in the same collation as the ORDER BY (an index on the collated
    name and the id answers both), and every page holds the rows the full sort gives."""
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    for name in VIETNAMESE_NAMES * 2:  # equal names: the id breaks the tie
        OrganizationFactory(name=name)
    queryset = Organization.objects.order_by(vietnamese("name").asc(nulls_last=True), "pk")
    expected = list(queryset.values_list("id", flat=True))
    names = list(queryset.values_list("name", flat=True))
    # Vietnamese order, not code point order: A < Ă < Â < B … D < Đ < E < Ê … < Z.
    assert names.index("Công ty Ăn Uống") < names.index("Công ty Âu Lạc")
    assert names.index("Công ty Âu Lạc") < names.index("Công ty Bình Minh")
    assert names.index("Công ty Dệt May") < names.index("Công ty Đại Việt")
    assert names.index("Công ty Đông Á") < names.index("Công ty Êm Đềm")
    assert names.index("Công ty Zeta") == len(names) - 2

    pages = walk(queryset, per_page=5)
    assert [o.pk for page in pages for o in page] == expected
    deep = pages[-2].next_query
    with CaptureQueriesContext(connection) as queries:
        rows = list(page_at(deep, queryset, per_page=5))
    assert [o.pk for o in rows] == expected[20:24]
    sql = queries.captured_queries[0]["sql"]
    assert "OFFSET" not in sql.upper()
    # The cursor is compared in the collation of the ORDER BY, or the index is not used.
    assert sql.count('COLLATE "vi-x-icu"') >= 3
    back = page_at(pages[-1].previous_query, queryset, per_page=5)
    assert [o.pk for o in back] == expected[15:20]


def test_the_vietnamese_index_answers_a_deep_registry_page():
    """EXPLAIN of a deep page in Vietnamese name order: an index scan on the collated name
    starting at the cursor, no sort of the table."""
    require_service("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    for name in VIETNAMESE_NAMES:
        OrganizationFactory(name=name)
    queryset = Organization.objects.order_by(vietnamese("name").asc(nulls_last=True), "pk")
    cursor_row = queryset[3]
    order = ordering(queryset)
    values = [getattr(cursor_row, key.name) for key in order]
    deep = queryset.order_by(*[key.order() for key in order]).filter(beyond(order, values))
    with connection.cursor() as cursor:
        # A dozen rows: make the planner take an index wherever one can answer (at 200,000
        # rows it does so on its own); a sort would mean no index follows this order.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = deep[:4].explain()
    assert "organization_name_vi_id" in plan
    assert "Sort" not in plan


def test_paginate_drops_nulls_last_only_where_no_column_can_be_empty(rf):
    """`paginate` writes a list's order plainly (so an index gives it) when every column is
    the model's own and never empty; a nullable column keeps its NULLS LAST."""
    from portal.views.helpers import paginate

    request = rf.get("/")
    plain = paginate(request, Organization.objects.order_by(F("tax_code").desc(nulls_last=True)))
    sql = str(plain.paginator.object_list.query)
    assert '"tax_code" DESC' in sql
    assert "NULLS LAST" not in sql
    nullable = paginate(
        request, Organization.objects.order_by(F("submitted_at").desc(nulls_last=True))
    )
    assert "NULLS LAST" in str(nullable.paginator.object_list.query)
