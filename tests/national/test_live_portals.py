"""Three provincial portals for real (each its own PostgreSQL database, seeded with
`seed_demo --province CODE`, served by gunicorn on a loopback port, a token issued for the
national office) and the national portal (this process, in national mode) pulling them: the
national totals are the sum of the three portals' own figures, and a province that fails
half-way through a later pull leaves nothing half-written, its last figures kept and marked
stale. Runs in CI (PostgreSQL); each province is a small demo (`seed_demo --organizations 50`:
every app's records, past years closed with frozen figures), so about half a minute beyond
creating the test database."""

from decimal import Decimal

import pytest
from django.urls import reverse

from national import selectors, services, tasks
from national.models import ProvincialFigure, ProvincialPortal, Pull
from portal.models import Role
from tests.conftest import make_user, require_service

from .live_portals import FailingProxy, copy_test_database, drop_databases
from .live_portals import ProvincialPortal as LivePortal

pytestmark = [pytest.mark.live_portals, pytest.mark.django_db(transaction=True)]

PROVINCES = {"01": "Hà Nội", "79": "Hồ Chí Minh", "48": "Đà Nẵng"}


def _sum_of_portals(portals, year: int) -> dict[str, Decimal]:
    """Each indicator's sum over the three portals, read from their own APIs."""
    totals: dict[str, Decimal] = {}
    for portal in portals:
        for figure in portal.get(f"years/{year}/figures/")["figures"]:
            if figure["actual"] is not None:
                totals[figure["indicator"]] = totals.get(figure["indicator"], Decimal(0)) + (
                    Decimal(figure["actual"])
                )
    return totals


def _figures_state(portal_row) -> list[tuple]:
    return list(
        ProvincialFigure.objects.filter(portal=portal_row)
        .order_by("year", "indicator")
        .values_list("pk", "year", "indicator", "actual", "pull_id", "snapshot_sha256")
    )


@pytest.fixture
def live_portals(settings, tmp_path, signing_demo_dir):
    require_service("PostgreSQL", settings.IS_POSTGRES)
    from django.db import connection

    base = connection.settings_dict["NAME"][:40]
    names = [f"{base}_prov_{code}" for code in PROVINCES]
    portals = [
        LivePortal(code, name, tmp_path, signing_demo_dir)
        for code, name in zip(PROVINCES, names, strict=True)
    ]
    copy_test_database(names)
    try:
        seeds = [portal.seed() for portal in portals]
        for portal, process in zip(portals, seeds, strict=True):
            out, _err = process.communicate(timeout=600)
            assert process.returncode == 0, portal.log.read_text()[-3000:]
            portal.token = next(
                line[len("TOKEN=") :] for line in out.splitlines() if line.startswith("TOKEN=")
            )
        for portal in portals:
            portal.start()
        for portal in portals:
            portal.wait_ready()
        yield portals
    finally:
        for portal in portals:
            portal.stop()
        drop_databases(names)


def test_national_totals_are_the_sum_of_three_live_portals(live_portals, settings, client):
    settings.NATIONAL_MODE = True
    settings.NATIONAL_PULL_MAX_RETRIES = 0
    staff = make_user(Role.PROGRAM_STAFF, "national-staff@example.vn", full_name="Cán bộ VP")
    hanoi, saigon, danang = live_portals
    proxy = FailingProxy(danang.base_url)  # Đà Nẵng is reached through a proxy that can fail
    try:
        rows = {}
        for portal, url in (
            (hanoi, hanoi.base_url),
            (saigon, saigon.base_url),
            (danang, proxy.base_url),
        ):
            rows[portal.code] = services.provincial_portal_save(
                portal=None,
                name=f"Cổng {PROVINCES[portal.code]}",
                province_code=portal.code,
                base_url=url,
                active=True,
                token=portal.token,
                by=staff,
            )

        # The beat's task, as the schedule runs it (tasks run in-process in tests).
        assert tasks.pull_all_provinces_task() == 3

        for row in rows.values():
            pull = Pull.objects.filter(portal=row).get()
            assert pull.status == Pull.Status.SUCCEEDED, pull.error
            assert pull.figures_count > 0
        years = [entry["year"] for entry in hanoi.get("years/")]
        closed = [entry["year"] for entry in hanoi.get("years/") if entry["closed"]]
        assert closed, "the demo closes its past years"
        for year in (closed[-1], years[-1]):  # the last closed year and the provisional one
            expected = _sum_of_portals(live_portals, year)
            assert expected, year
            table = selectors.national_table(year)
            totals = {column.code: column.total for column in table["columns"] if column.summable}
            for code, value in expected.items():
                assert Decimal(totals[code]) == value, (year, code)
            assert {row.code for row in table["reported"]} == set(PROVINCES)
            assert len(table["not_reported"]) == table["provinces_total"] - 3 == 31
        # A closed year's figures carry the province's snapshot checksum.
        last_closed = {entry["year"]: entry for entry in hanoi.get("years/")}[closed[-1]]
        assert ProvincialFigure.objects.filter(
            portal=rows["01"], year=closed[-1], snapshot_sha256=last_closed["snapshot_sha256"]
        ).exists()

        # The dashboard as an official of the national office reads it.
        client.force_login(staff)
        page = client.get(reverse("national:dashboard") + f"?year={closed[-1]}")
        assert page.status_code == 200
        html = page.content.decode()
        supported = _sum_of_portals(live_portals, closed[-1])["SUPPORTED_ORGS"]
        assert f"{int(supported):,}".replace(",", ".") in html
        assert html.count("chưa báo cáo") >= 31

        # Đà Nẵng fails on the 3rd request of its next pull (HTTP 500), then by a dropped
        # connection: nothing of either pull is written; the first pull's figures stay.
        before = _figures_state(rows["48"])
        for failure in (500, "drop"):
            proxy.fail(at=3, failure=failure)
            pull = services.portal_pull(
                by=None,
                portal=ProvincialPortal.objects.get(province_code="48"),
                trigger=Pull.Trigger.COMMAND,
            )
            assert pull.status == Pull.Status.FAILED
            assert pull.requests_made == 3
            assert _figures_state(rows["48"]) == before
        portal_row = ProvincialPortal.objects.get(province_code="48")
        assert selectors.is_stale(portal_row)
        table = selectors.national_table(closed[-1])
        totals = {column.code: column.total for column in table["columns"] if column.summable}
        assert Decimal(totals["SUPPORTED_ORGS"]) == supported  # still the three provinces'
        assert [row.code for row in table["stale"]] == ["48"]
        detail = client.get(reverse("national:province_detail", args=["48"])).content.decode()
        assert "lỗi" in detail.lower() or "500" in detail
        assert "cũ" in detail  # marked stale
    finally:
        proxy.stop()
