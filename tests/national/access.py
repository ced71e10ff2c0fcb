"""Access rows for the national pages, in national mode: officials and staff read the
dashboard, province pages and the national report; staff keep the register of provincial
portals. (Outside national mode every national URL answers 404: tests/national/test_views.py.)"""

from tests.access_matrix import MONITORING, STAFF_ONLY, Row, post_only, post_rows

NATIONAL = {"NATIONAL_MODE": True}

ROWS = [
    Row("national:dashboard", MONITORING, settings=NATIONAL),
    Row("national:dashboard", MONITORING, query="year=2025", settings=NATIONAL),
    Row("national:province_detail", MONITORING, kwargs={"code": "01"}, settings=NATIONAL),
    Row("national:report_pdf", MONITORING, kwargs={"year": 2025}, settings=NATIONAL),
    Row("national:portal_list", STAFF_ONLY, settings=NATIONAL),
    Row("national:portal_create", STAFF_ONLY, settings=NATIONAL),
    Row(
        "national:portal_edit",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": w.national_portal.pk},
        settings=NATIONAL,
    ),
    Row(
        "national:portal_delete",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": w.national_portal.pk},
        settings=NATIONAL,
    ),
    Row(
        "national:portal_pull",
        post_only(STAFF_ONLY),
        kwargs=lambda w: {"pk": w.national_portal.pk},
        settings=NATIONAL,
    ),
]

_POST = post_rows(
    ROWS,
    {
        # An empty form comes back with its errors.
        "national:portal_create": 200,
        "national:portal_edit": 200,
        "national:portal_delete": "redirect",
        "national:portal_pull": "redirect",
    },
)
POST_ROWS = [
    Row(row.url_name, row.expect, kwargs=row.kwargs, method="post", settings=NATIONAL)
    for row in _POST
]

READ_ONLY = {
    "national:dashboard",
    "national:province_detail",
    "national:report_pdf",
    "national:portal_list",
}


def build_world(world) -> None:
    from national.services import provincial_portal_save

    world.national_portal = provincial_portal_save(
        portal=None,
        name="Cổng tỉnh Phú Thọ",
        province_code="25",
        base_url="http://127.0.0.1:9/",
        active=True,
        token="nscl_matrix_token-0000",
        by=world.users["staff"],
    )
