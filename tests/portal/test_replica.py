"""The read replica (portal/db_routers.py): reads inside `reading_from_replica()` go to the
`replica` alias, writes and everything else to `default`; no replica configured, everything
is `default` as before; the export and annual-report tasks read inside the block; /healthz
reports the replica without failing for it.

The test settings define `replica` as a MIRROR of the test database (a second connection to
the same database) with the routing off; these tests switch it on. A second connection sees
only committed rows, so the tests that follow real queries are transactional."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.db import OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Organization
from portal import db_routers
from portal.db_routers import ReplicaRouter, in_replica_block, reading_from_replica
from portal.models import ExportJob, Role
from reports.models import AnnualReport
from tests.conftest import make_user
from tests.enterprises.factories import OrganizationFactory

router = ReplicaRouter()


@pytest.fixture
def replica_on(settings):
    settings.DATABASE_REPLICA = "replica"


@pytest.fixture
def replica_reachable(monkeypatch):
    """The block's lag check answers "caught up" without a query (unit tests of the router)."""
    monkeypatch.setattr(db_routers, "replica_lag", lambda alias: 0.0)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The router's decisions ----------------------------------------------------------------


def test_without_a_replica_the_router_leaves_everything_to_default(settings):
    settings.DATABASE_REPLICA = ""
    assert router.db_for_read(Organization) is None
    assert router.db_for_write(Organization) is None
    with reading_from_replica() as alias:
        assert alias == "default"
        assert router.db_for_read(Organization) is None
        assert router.db_for_write(Organization) is None
    assert Organization.objects.all().db == "default"


def test_reads_in_the_block_go_to_the_replica_writes_to_default(replica_on, replica_reachable):
    assert router.db_for_read(Organization) == "default"  # outside the block
    with reading_from_replica() as alias:
        assert alias == "replica"
        assert in_replica_block()
        assert router.db_for_read(Organization) == "replica"
        assert Organization.objects.all().db == "replica"
        # Querysets meant for writing (select_for_update, update, create) stay on the primary.
        assert Organization.objects.select_for_update().db == "default"
        assert router.db_for_write(Organization) == "default"
    assert not in_replica_block()
    assert router.db_for_read(Organization) == "default"


def test_a_model_written_in_the_block_is_read_back_from_default(replica_on, replica_reachable):
    with reading_from_replica():
        assert router.db_for_read(Organization) == "replica"
        router.db_for_write(Organization)
        assert router.db_for_read(Organization) == "default"
    with reading_from_replica():  # a new block starts clean
        assert router.db_for_read(Organization) == "replica"


def test_the_jobs_own_rows_are_always_read_from_default(replica_on, replica_reachable):
    """A task is queued as its row commits on the primary; the replica may not have it yet."""
    with reading_from_replica():
        assert router.db_for_read(ExportJob) == "default"
        assert router.db_for_read(AnnualReport) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_default(replica_on, replica_reachable):
    with reading_from_replica(), transaction.atomic():
        assert router.db_for_read(Organization) == "default"


def test_nested_blocks_share_the_outer_one(replica_on, replica_reachable):
    with reading_from_replica():
        router.db_for_write(Organization)
        with reading_from_replica() as inner:
            assert inner == "replica"
            assert router.db_for_read(Organization) == "default"  # the outer block's write
        assert in_replica_block()


def test_an_unreachable_replica_sends_the_block_to_default(replica_on, monkeypatch):
    def down(alias):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(db_routers, "replica_lag", down)
    with reading_from_replica() as alias:
        assert alias == "default"
        assert router.db_for_read(Organization) == "default"


def test_a_replica_too_far_behind_sends_the_block_to_default(replica_on, settings, monkeypatch):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 30
    monkeypatch.setattr(db_routers, "replica_lag", lambda alias: 31.0)
    with reading_from_replica() as alias:
        assert alias == "default"
    monkeypatch.setattr(db_routers, "replica_lag", lambda alias: 29.0)
    with reading_from_replica() as alias:
        assert alias == "replica"


def test_never_migrated_and_relations_across_aliases_allowed(replica_on):
    assert router.allow_migrate("replica", "enterprises", "organization") is False
    assert router.allow_migrate("default", "enterprises", "organization") is None
    one, other = Organization(), Organization()
    one._state.db, other._state.db = "default", "replica"
    assert router.allow_relation(one, other) is True


def test_the_router_is_installed():
    from django.conf import settings

    assert "portal.db_routers.ReplicaRouter" in settings.DATABASE_ROUTERS
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"


# --- Real queries on the two connections ---------------------------------------------------


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_queries_in_the_block_run_on_the_replica_connection(replica_on):
    OrganizationFactory(name="Công ty Bản Sao")
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
        reading_from_replica() as alias,
    ):
        assert alias == "replica"  # the mirror is not a standby: caught up
        names = list(Organization.objects.values_list("name", flat=True))
        Organization.objects.filter(name="Công ty Bản Sao").update(name="Công ty Chính")
        renamed = list(Organization.objects.values_list("name", flat=True))
    assert names == ["Công ty Bản Sao"]
    assert renamed == ["Công ty Chính"]  # read back from the primary after the write
    replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    default_sql = " ".join(query["sql"] for query in on_default.captured_queries)
    assert 'FROM "enterprises_organization"' in replica_sql
    assert "UPDATE" not in replica_sql
    assert 'UPDATE "enterprises_organization"' in default_sql


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_the_export_task_reads_the_list_from_the_replica(replica_on):
    from portal.tasks import export_run_task

    staff = make_user(Role.PROGRAM_STAFF, "replica-staff@example.vn")
    OrganizationFactory(name="Công ty Một")
    OrganizationFactory(name="Công ty Hai")
    job = ExportJob.objects.create(owner=staff, list_name="registry")
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        export_run_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.rows_done == 2
    replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    default_sql = " ".join(query["sql"] for query in on_default.captured_queries)
    # The list's rows came from the replica; the job's own row was read and written on the
    # primary, and nothing was written to the replica.
    assert 'FROM "enterprises_organization"' in replica_sql
    assert '"portal_exportjob"' not in replica_sql
    assert not any(word in replica_sql for word in ("UPDATE ", "INSERT ", "DELETE "))
    assert 'FROM "portal_exportjob"' in default_sql
    assert 'UPDATE "portal_exportjob"' in default_sql
    assert 'FROM "enterprises_organization"' not in default_sql


def test_the_export_task_runs_its_work_in_the_block(monkeypatch):
    from portal import exports, tasks

    seen = []
    monkeypatch.setattr(exports, "export_run", lambda job_id: seen.append(in_replica_block()))
    tasks.export_run_task.run(7)
    assert seen == [True]


def test_the_annual_report_build_task_runs_in_the_block(monkeypatch):
    from reports import services, tasks

    seen = []

    def build(*, report_id, transient=()):
        seen.append(in_replica_block())
        return AnnualReport(status=AnnualReport.Status.SUCCEEDED)

    monkeypatch.setattr(services, "annual_report_build", build)
    assert tasks.build_annual_report_task.run(7) == AnnualReport.Status.SUCCEEDED
    assert seen == [True]


# --- /healthz ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_without_a_replica_says_so_and_is_ok(client):
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["replica"] == {"ok": True, "configured": False}
    assert "degraded" not in response.json()


@pytest.mark.django_db(databases=["default", "replica"])
def test_healthz_reports_a_reachable_replica_and_its_lag(client, replica_on):
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 200
    replica = response.json()["checks"]["replica"]
    assert replica["ok"] is True
    assert replica["configured"] is True
    assert replica["lag_seconds"] == 0  # the test mirror is not a standby


@pytest.mark.django_db
def test_healthz_stays_200_when_the_replica_lags_but_says_so(client, replica_on, monkeypatch):
    monkeypatch.setattr(db_routers, "replica_lag", lambda alias: 3600.0)
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["replica"]["ok"] is False
    assert body["checks"]["replica"]["lag_seconds"] == 3600.0
    assert body["degraded"] == ["replica"]


def test_a_down_replica_from_the_environment_degrades_healthz_and_the_block(tmp_path):
    """A separate process with DATABASE_REPLICA_URL at a closed port: the setting adds the
    alias, /healthz answers 200 with the replica not ok, and the block reads from default."""
    from django.conf import settings

    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "from portal.db_routers import reading_from_replica\n"
        "r = Client().get('/healthz')\n"
        "with reading_from_replica() as alias: pass\n"
        "print(json.dumps({'status': r.status_code, 'body': r.json(), 'alias': alias,\n"
        "  'replica': settings.DATABASES['replica']['PORT'],\n"
        "  'mirror': settings.DATABASES['replica']['TEST']}))\n"
    )
    port = _closed_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{port}/nscl",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 200
    assert outcome["body"]["status"] == "ok"
    assert outcome["body"]["checks"]["replica"]["ok"] is False
    assert outcome["body"]["checks"]["replica"]["configured"] is True
    assert outcome["body"]["degraded"] == ["replica"]
    assert outcome["alias"] == "default"
    assert outcome["replica"] == port
    assert outcome["mirror"]["MIRROR"] == "default"
