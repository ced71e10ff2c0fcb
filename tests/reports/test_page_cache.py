"""The program's lists and figures are kept fragments (portal.fragments.render_page): the second
request is served without reading the page's records, a write to one of the areas the page
shows rebuilds it (and the change shows), a write to another area keeps it."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from awards.models import Nomination
from portal.models import ProgramSettings
from reports.models import Indicator
from trainings.models import Course

from .factories import (
    AwardCycleFactory,
    ConsultantFactory,
    ContractFactory,
    CourseFactory,
    NominationFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def program_settings_row(db):
    """The settings row exists (the first page view would create it, a write to "program")."""
    ProgramSettings.load()


def get(client, url) -> tuple[str, list[str]]:
    """The page's HTML and the SQL of the request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def reads(sqls: list[str], table: str) -> bool:
    return any(f'"{table}"' in sql for sql in sqls)


def api_token_write() -> None:
    """A write to the API area, which no program page shows."""
    ApiToken.objects.create(
        client_name="Cổng dữ liệu",
        prefix="pagecache",
        token_hash="0" * 64,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )


def course_write() -> None:
    CourseFactory(title="Khoá học không liên quan")


def nomination_cycle_write() -> None:
    AwardCycleFactory(year=2019)


@dataclass
class Page:
    url: Callable[[], str]
    viewer: str  # the client fixture
    table: str  # a table only a build of the page reads
    write: Callable[[], str]  # a write to the page's areas; returns text that then shows
    unrelated: Callable[[], None]  # a write to an area the page does not show


def _new_course() -> str:
    return CourseFactory(
        title="Khoá học mới thêm", starts_on=dt.date(2031, 1, 5), ends_on=dt.date(2031, 1, 9)
    ).title


def _new_open_course() -> str:
    return CourseFactory(
        title="Khoá học đang mở",
        status=Course.Status.OPEN,
        starts_on=dt.date(2031, 1, 5),
        ends_on=dt.date(2031, 1, 9),
    ).title


def _new_contract() -> str:
    return ContractFactory(title="Hợp đồng tư vấn mới", signed_on=None).title


def _renamed_organization() -> str:
    organization = Nomination.objects.select_related("organization").get().organization
    organization.name = "Công ty Đổi Tên Mới"
    organization.save()
    return organization.name


def _renamed_cycle() -> str:
    cycle = AwardCycleFactory(year=timezone.localdate().year)
    cycle.name = "Giải thưởng đổi tên"
    cycle.save()
    return cycle.name


def _supported_orgs_url() -> str:
    from tests.reports.conftest import drilldown_url

    return drilldown_url("SUPPORTED_ORGS", 2025)


def _new_target() -> str:
    indicator = Indicator.objects.get(code="SUPPORTED_ORGS")
    indicator.name = "Doanh nghiệp được hỗ trợ (đổi tên)"
    indicator.save()
    return indicator.name


def _drilldown_change() -> str:
    return OrganizationFactory(name="Công ty Vừa Được Hỗ Trợ").name


PAGES = {
    "catalog": Page(
        lambda: "/trainings/",
        "client",
        "trainings_course",
        _new_open_course,
        nomination_cycle_write,
    ),
    "courses": Page(
        lambda: "/trainings/staff/courses/",
        "staff_client",
        "trainings_course",
        _new_course,
        nomination_cycle_write,
    ),
    "contracts": Page(
        lambda: "/trainings/staff/contracts/",
        "staff_client",
        "trainings_contract",
        _new_contract,
        nomination_cycle_write,
    ),
    "nominations": Page(
        lambda: "/awards/staff/nominations/",
        "staff_client",
        "awards_nomination",
        _renamed_organization,
        course_write,
    ),
    "ranking": Page(
        lambda: "/awards/ranking/",
        "staff_client",
        "awards_awardcycle",
        _renamed_cycle,
        course_write,
    ),
    "targets": Page(
        lambda: "/reports/targets/",
        "official_client",
        "reports_target",
        _new_target,
        course_write,
    ),
    "drilldown": Page(
        _supported_orgs_url,
        "official_client",
        "reports_indicator",
        _drilldown_change,
        api_token_write,
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_program_page_is_kept_until_its_areas_change(name, request):
    page = PAGES[name]
    AwardCycleFactory(year=timezone.localdate().year)
    NominationFactory(cycle=AwardCycleFactory(year=timezone.localdate().year))
    ContractFactory(consultant=ConsultantFactory())
    client = request.getfixturevalue(page.viewer)
    url = page.url()

    _html, sqls = get(client, url)
    assert reads(sqls, page.table)  # built once
    _html, sqls = get(client, url)
    assert not reads(sqls, page.table)  # then served from the cache

    page.unrelated()
    _html, sqls = get(client, url)
    assert not reads(sqls, page.table)  # another area's write keeps it

    shown = page.write()
    html, sqls = get(client, url)
    assert reads(sqls, page.table)  # its own area's write rebuilds it
    if name != "drilldown":  # a new organization is not supported: the figure is rebuilt
        assert shown in html


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_ranking_of_a_council_member_is_their_own(staff_user, council_user):
    """Staff share one ranking; a council member's (their reviews only) is kept for them."""
    AwardCycleFactory(year=timezone.localdate().year)
    assert signed_in(staff_user).get("/awards/ranking/").status_code == 200
    # A council member who has submitted no review is refused, though staff's page is kept.
    assert signed_in(council_user).get("/awards/ranking/").status_code == 403


def test_the_targets_page_shows_the_editing_buttons_to_staff_only(staff_user, official_user):
    """Staff and officials share no kept page: the roles are in the fragment's key."""
    add_target = reverse("reports:target_create")
    assert add_target in signed_in(staff_user).get("/reports/targets/").content.decode()
    assert add_target not in signed_in(official_user).get("/reports/targets/").content.decode()
