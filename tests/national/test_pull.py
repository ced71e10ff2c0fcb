"""The pull against a fake transport (fast, any database): what a pull stores, with when and
from where, and that a province failing half-way leaves nothing written and its last figures
marked stale."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from national import services, tasks
from national.crypto import decrypt_token
from national.models import ProvincialFigure, ProvincialPortal, ProvincialReport, Pull
from national.selectors import is_stale
from portal.celery import app as celery_app

from .fake_api import FakeApi, province_api

pytestmark = pytest.mark.django_db

FIRST = {
    2024: {"SUPPORTED_ORGS": "120", "EXPERTS_TRAINED": "14", "BUDGET_SPENT": "950000000"},
    2025: {"SUPPORTED_ORGS": "131", "EXPERTS_TRAINED": "18", "BUDGET_SPENT": None},
}
SECOND = {
    2024: {"SUPPORTED_ORGS": "121", "EXPERTS_TRAINED": "14", "BUDGET_SPENT": "950000000"},
    2025: {"SUPPORTED_ORGS": "140", "EXPERTS_TRAINED": "19", "BUDGET_SPENT": "1000"},
}


def pull(portal, api):
    return services.portal_pull(
        by=None, portal=portal, trigger=Pull.Trigger.COMMAND, session=api.session()
    )


def figures_of(portal) -> dict:
    return {
        (f.year, f.indicator): (f.actual, f.pull_id)
        for f in ProvincialFigure.objects.filter(portal=portal)
    }


def test_a_pull_stores_the_figures_with_the_pull_and_the_snapshot(register):
    portal = register("01", token="nscl_p01_the-secret-9876")
    api = FakeApi(province_api("01", "Thành phố Hà Nội", FIRST))

    done = pull(portal, api)

    assert done.status == Pull.Status.SUCCEEDED
    assert done.base_url == "http://p01.example/"
    assert done.finished_at >= done.started_at
    assert done.requests_made == 6  # program, indicators, years, two years' figures, reports
    assert done.figures_count == 6
    # The token went as a bearer token on every request, and to this portal only.
    assert {r.headers["Authorization"] for r in api.requests} == {"Bearer nscl_p01_the-secret-9876"}
    assert all(r.url.startswith("http://p01.example/api/v1/") for r in api.requests)
    supported = ProvincialFigure.objects.get(portal=portal, year=2024, indicator="SUPPORTED_ORGS")
    assert supported.actual == Decimal("120")
    assert supported.pull == done
    assert supported.snapshot_sha256 == f"{2024:0>64}"
    assert supported.provisional is False
    assert ProvincialFigure.objects.get(
        portal=portal, year=2025, indicator="SUPPORTED_ORGS"
    ).provisional
    assert (
        ProvincialFigure.objects.get(portal=portal, year=2025, indicator="BUDGET_SPENT").actual
        is None
    )
    report = ProvincialReport.objects.get(portal=portal)
    assert report.pdf_url == "http://p01.example/api/v1/reports/2024/pdf/"  # made absolute
    portal.refresh_from_db()
    assert portal.reported_province_name == "Thành phố Hà Nội"
    assert not is_stale(portal)


@pytest.mark.parametrize(
    ("fail_at", "failure"),
    [(3, 500), (3, "drop"), (5, 503), (6, "drop")],
    ids=["500 on the 3rd request", "dropped on the 3rd", "503 on the 5th", "dropped at the last"],
)
def test_a_province_failing_mid_pull_keeps_its_last_figures_marked_stale(
    register, fail_at, failure
):
    portal = register("01")
    first = pull(portal, FakeApi(province_api("01", "Hà Nội", FIRST)))
    before = figures_of(portal)
    reports_before = list(ProvincialReport.objects.values_list("pk", "pull_id"))

    failed = pull(
        portal, FakeApi(province_api("01", "Hà Nội", SECOND), fail_at=fail_at, failure=failure)
    )

    assert failed.status == Pull.Status.FAILED
    assert failed.requests_made == fail_at
    assert failed.error  # says what went wrong
    assert "http://p01.example/api/v1/" in failed.error
    # Nothing of the second pull was written: the first pull's figures, all of them.
    assert figures_of(portal) == before
    assert {pull_id for _value, pull_id in before.values()} == {first.pk}
    assert list(ProvincialReport.objects.values_list("pk", "pull_id")) == reports_before
    portal.refresh_from_db()
    assert portal.last_attempt_failed
    assert portal.last_success_at == first.finished_at
    assert is_stale(portal)


def test_a_failure_while_storing_rolls_the_whole_province_back(register, monkeypatch):
    """Past the network: the write itself fails after the figures were replaced (the reports'
    insert); the transaction leaves the previous figures in place."""
    portal = register("01")
    pull(portal, FakeApi(province_api("01", "Hà Nội", FIRST)))
    before = figures_of(portal)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProvincialReport.objects, "bulk_create", broken)
    failed = pull(portal, FakeApi(province_api("01", "Hà Nội", SECOND)))

    assert failed.status == Pull.Status.FAILED
    assert "previous figures are kept" in failed.error or "số liệu trước" in failed.error
    assert figures_of(portal) == before


def test_a_second_pull_replaces_the_figures_whole(register):
    portal = register("01")
    pull(portal, FakeApi(province_api("01", "Hà Nội", FIRST)))
    second = pull(portal, FakeApi(province_api("01", "Hà Nội", {2024: {"SUPPORTED_ORGS": "121"}})))
    assert figures_of(portal) == {(2024, "SUPPORTED_ORGS"): (Decimal("121"), second.pk)}
    assert ProvincialReport.objects.filter(portal=portal).count() == 0


@pytest.mark.parametrize(
    "spoil",
    [
        lambda routes: routes["/api/v1/years/2025/figures/"]["figures"][0].update(actual="12abc"),
        lambda routes: routes["/api/v1/program/"].update(api_version="2"),
        lambda routes: routes["/api/v1/program/"]["province"].update(code="79"),
        lambda routes: routes.update({"/api/v1/indicators/": {"not": "a list"}}),
        lambda routes: routes["/api/v1/years/"].append({"year": "2026"}),
        lambda routes: routes["/api/v1/years/2024/figures/"]["figures"].append(
            dict(routes["/api/v1/years/2024/figures/"]["figures"][0])
        ),
    ],
    ids=[
        "not a number",
        "unknown API version",
        "another province",
        "indicators not a list",
        "year as text",
        "an indicator twice",
    ],
)
def test_an_answer_that_is_not_the_contract_writes_nothing(register, spoil):
    portal = register("01")
    pull(portal, FakeApi(province_api("01", "Hà Nội", FIRST)))
    before = figures_of(portal)
    routes = province_api("01", "Hà Nội", SECOND)
    spoil(routes)

    failed = pull(portal, FakeApi(routes))

    assert failed.status == Pull.Status.FAILED
    assert failed.error
    assert figures_of(portal) == before


def test_a_refused_token_is_not_retried(register, monkeypatch, settings):
    settings.NATIONAL_PULL_MAX_RETRIES = 3
    portal = register("01")
    api = FakeApi(province_api("01", "Hà Nội", FIRST), fail_at=1, failure=401)
    monkeypatch.setattr("national.client.new_session", api.session)

    tasks.pull_province_task.delay(portal.pk)

    pulls = list(Pull.objects.filter(portal=portal))
    assert [p.status for p in pulls] == [Pull.Status.FAILED]
    assert "401" in pulls[0].error


def test_a_portal_that_is_down_is_tried_again_with_backoff(register, monkeypatch, settings):
    settings.NATIONAL_PULL_MAX_RETRIES = 2
    portal = register("01")
    api = FakeApi(province_api("01", "Hà Nội", FIRST), fail_at=1, failure="drop")
    monkeypatch.setattr("national.client.new_session", api.session)
    countdowns = []
    original = tasks.pull_province_task.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks.pull_province_task, "retry", spy)
    # Run as a worker would: a retry is a new run of the task, not an error for the caller.
    # (the suite's autouse fixture puts the setting back after the test)
    celery_app.conf.task_eager_propagates = False

    tasks.pull_province_task.apply(args=[portal.pk])

    attempts = list(Pull.objects.filter(portal=portal).order_by("attempt"))
    assert [p.attempt for p in attempts] == [1, 2, 3]  # the first try and two retries
    assert all(p.status == Pull.Status.FAILED for p in attempts)
    assert len(countdowns) == 2
    assert all(
        "could not be reached" in p.error or "không kết nối" in p.error.lower() for p in attempts
    )


def test_backoff_grows_exponentially(settings):
    settings.NATIONAL_PULL_BACKOFF_SECONDS = 60
    for retries in range(4):
        delay = tasks.backoff_seconds(retries)
        assert 30 * 2**retries <= delay <= 60 * 2**retries
    assert tasks.backoff_seconds(20) <= 3600


def test_figures_go_stale_after_the_configured_age(register, settings):
    settings.NATIONAL_STALE_AFTER_HOURS = 24
    portal = register("01")
    pull(portal, FakeApi(province_api("01", "Hà Nội", FIRST)))
    portal.refresh_from_db()
    assert not is_stale(portal)
    later = timezone.now() + dt.timedelta(hours=25)
    assert is_stale(portal, now=later)
    assert not is_stale(portal, now=timezone.now() + dt.timedelta(hours=23))


def test_the_token_is_stored_encrypted(register, staff_user):
    portal = register("01", token="nscl_p01_the-secret-9876")
    portal.refresh_from_db()
    assert "the-secret" not in portal.token_encrypted
    assert decrypt_token(portal.token_encrypted) == "nscl_p01_the-secret-9876"
    assert portal.token_hint == "9876"
    # Saving without a token keeps the stored one.
    services.provincial_portal_save(
        portal=portal,
        name="Hà Nội",
        province_code="01",
        base_url="http://p01.example/",
        active=True,
        token="",
        by=staff_user,
    )
    portal.refresh_from_db()
    assert decrypt_token(portal.token_encrypted) == "nscl_p01_the-secret-9876"


def test_the_schedule_pulls_every_active_portal_in_national_mode_only(
    register, monkeypatch, settings
):
    from django_celery_beat.models import PeriodicTask

    entry = PeriodicTask.objects.get(task="national.tasks.pull_all_provinces_task")
    assert entry.enabled
    assert entry.interval.every == 6

    queued = []
    monkeypatch.setattr(tasks.pull_province_task, "delay", lambda pk: queued.append(pk))
    active = register("01")
    register("79", active=False)
    assert tasks.pull_all_provinces_task() == 1
    assert queued == [active.pk]

    settings.NATIONAL_MODE = False
    queued.clear()
    assert tasks.pull_all_provinces_task() == 0
    assert queued == []
    assert ProvincialPortal.objects.count() == 2


def test_the_pull_command_reports_each_portal(register, monkeypatch):
    from django.core.management import CommandError, call_command

    register("01")
    register("79")
    routes = {**province_api("01", "Hà Nội", FIRST)}
    monkeypatch.setattr("national.client.new_session", FakeApi(routes).session)
    with pytest.raises(CommandError, match="1 portal"):
        call_command("pull_provinces")  # 79's portal answers as province 01: refused
    assert Pull.objects.get(portal__province_code="01").status == Pull.Status.SUCCEEDED
    assert "01" in Pull.objects.get(portal__province_code="79").error


def test_seed_demo_refuses_an_unknown_province():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no province with the code '99'"):
        call_command("seed_demo", province="99")
