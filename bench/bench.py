"""`make bench`: how fast the portal is at province scale, with numbers anyone can reproduce.

For each size (`--sizes`, 20,000 and 1,000,000 organizations by default) it:
1. seeds the data (`manage.py seed_scale`, skipped when the database already holds that many
   generated organizations), VACUUM ANALYZE, and empties the bench Redis database;
2. serves the portal with gunicorn on 127.0.0.1 with PRODUCTION settings (DJANGO_DEBUG unset,
   manifest static files collected into a temporary STATIC_ROOT, SECURE_SSL_REDIRECT=0 so
   plain http works), with the same worker count as docker-compose.yml;
3. loads a minimal view (`/ping`) first as the reference, then each page of issue 18 (the
   staff, official and public lists and figures, a deep registry page reached through the
   page's own paging link, a drill-down), with wrk (bench/wrk_report.lua prints p50/p95/p99 as
   JSON; signed-in pages get a session cookie made with Django's SessionStore): at 10 and at
   50 connections, and at 10 while a thread writes 20 records a second through the
   enterprises services; once with the page cache off (gunicorn with PAGE_CACHE=0) and once
   with it on (`--modes`, `--no-page-cache` for the first only). The load average is recorded
   with every row: other work on the machine shows in the figures;
4. counts the queries per page in-process (Django's test Client and CaptureQueriesContext
   against the same database, warm cache as under load);
5. builds the annual report with `manage.py generate_annual_report YEAR --output FILE` as a
   subprocess and reads its wall time and peak memory (max RSS from wait4);
6. times the enterprises import service on an .xlsx of 10,000 new organizations (validated
   and written in one transaction, then rolled back so the data set stays as seeded);
7. exports the whole registry through the export mechanism (`portal.exports.export_start`,
   the Celery task run eagerly in its own process) and reads its wall time and peak memory.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/nscl_bench) and
BENCH_REDIS_URL (default redis://127.0.0.1:6379/11). Everything in that database and Redis
db may be replaced.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "wrk_report.lua"
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/nscl_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
SEARCH = "co khi hung thinh"

# (key, label, path, role); "organization", "drilldown" and "deep" are found in the data set.
PAGES = [
    ("home", "Home page (public)", "/", None),
    ("catalog", "Course catalog (public)", "/trainings/", None),
    ("registry", "Registry list (staff)", "/enterprises/staff/organizations/", "staff"),
    (
        "search",
        f"Registry search “{SEARCH}” (staff)",
        "/enterprises/staff/organizations/?q=" + SEARCH.replace(" ", "+"),
        "staff",
    ),
    ("deep", "Registry page 4,000 (staff, the page's own paging link)", "deep", "staff"),
    ("organization", "Organization page (staff)", "organization", "staff"),
    ("ledger", "Support ledger (staff)", "/enterprises/staff/support/", "staff"),
    ("requests", "Support requests (staff)", "/enterprises/staff/requests/", "staff"),
    ("review", "Review queue (staff)", "/enterprises/staff/review/", "staff"),
    ("courses", "Courses (staff)", "/trainings/staff/courses/", "staff"),
    ("contracts", "Contracts (staff)", "/trainings/staff/contracts/", "staff"),
    ("nominations", "Nominations (staff)", "/awards/staff/nominations/", "staff"),
    ("ranking", "Ranking (staff)", "/awards/ranking/", "staff"),
    ("dashboard", "Dashboard (official)", "/reports/", "official"),
    ("drilldown", "Drill-down SUPPORTED_ORGS (official)", "drilldown", "official"),
    ("targets", "Targets (official)", "/reports/targets/", "official"),
    ("reports", "Annual reports page (official)", "/reports/annual/", "official"),
]
REFERENCE = ("ping", "Reference: minimal view /ping", "/ping", None)
DEEP_PAGE = 4000
PER_PAGE = 25
# The load rows of each page: (name, connections, writing). "writes" rows run while a thread
# saves WRITES_PER_SECOND records through the services, as staff at work do: every write
# makes cached pages out of date, so these rows show what building a page costs under writes.
LOADS = [("10", 10, False), ("50", 50, False), ("10+writes", 10, True)]
WRITES_PER_SECOND = 20
MODES = ("uncached", "cached")  # gunicorn with PAGE_CACHE=0, then with the page cache on
# Targets (issue 18).
UNCACHED_P95_MS = {"10": 300, "50": 1000, "10+writes": 300}
CACHED_P95_MS_50 = 100
CACHED_SHARE_OF_PING = 0.40
REPORT_SECONDS, REPORT_MB = 60, 1024
IMPORT_ROWS_PER_SECOND = 5000
EXPORT_ROWS_PER_SECOND = 200_000 / 30  # the registry export of 200,000 rows in < 30 s
EXPORT_MB = 300


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- environment -----------------------------------------------------------------------------


def production_env(tmp: Path, database_url: str, redis_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_")) and key not in ("PYTEST_ADDOPTS",)
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def ensure_database(url: str) -> None:
    """Create the bench database when this machine does not have it yet."""
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def manage(env: dict, *args: str, quiet: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        for line in result.stdout.strip().splitlines()[-3:]:
            log("    " + line)
    return result.stdout


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    log("wrk is missing: installing it with apt-get (Debian package)")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk could not be installed")
    return path


def machine() -> dict:
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except FileNotFoundError:
            return ""

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        # "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer": the version only.
        "wrk": " ".join(first_line(["wrk", "--version"]).split()[:2])
        if shutil.which("wrk")
        else "",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": load_average(),
    }


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages: other work on the machine (tests of
    other branches) shows in every figure, so each run and row records it."""
    return [round(value, 2) for value in os.getloadavg()]


# --- in-process Django (sessions, query counts, import) --------------------------------------


def django_setup(env: dict) -> None:
    for key in ("DJANGO_DEBUG", "DJANGO_TESTING"):
        os.environ.pop(key, None)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def database_versions() -> dict:
    from django.core.cache import cache
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis = ""
    try:
        client = cache._cache.get_client(write=False)
        redis = client.info("server").get("redis_version", "")
    except Exception:  # noqa: BLE001 - informative only
        redis = ""
    return {"postgresql": postgres, "redis": redis}


def bench_users() -> dict:
    from django.contrib.auth.models import Group

    from portal.models import Role, User

    users = {}
    for role, group in (("staff", Role.PROGRAM_STAFF), ("official", Role.OFFICIAL)):
        user, _created = User.objects.get_or_create(
            email=f"bench-{role}@nscl.local", defaults={"full_name": f"Bench {role}"}
        )
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    return users


def session_cookie(user) -> str:
    """A signed-in session made as the login view makes it, for wrk's Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def organization_path() -> str:
    from demo.scale import Generator
    from enterprises.models import Organization

    generated = Organization.objects.filter(
        decided_by=Generator.seed_user(), status=Organization.Status.ACTIVE
    ).order_by("pk")
    organization = generated[generated.count() // 2]
    return f"/enterprises/staff/organizations/{organization.pk}/"


def found_path(path: str, cookies: dict, report_year: int) -> str:
    """The address of a page of PAGES: those named "organization", "drilldown" and "deep" are
    found in the data set, the others are addresses already."""
    if path == "organization":
        return organization_path()
    if path == "drilldown":
        return drilldown_path(report_year)
    if path == "deep":
        return deep_path(cookies["staff"])
    return path


def drilldown_path(year: int) -> str:
    from reports.models import Indicator

    indicator = Indicator.objects.get(code="SUPPORTED_ORGS")
    return f"/reports/indicators/{indicator.pk}/{year}/"


def deep_path(cookie: str, page: int = DEEP_PAGE) -> str:
    """The registry's page `page`, reached through the link the page itself offers: its
    "next" link carries a keyset cursor (`after=`), so the cursor of the last row of page
    `page - 1` is put in that link (or, for a numbered link, the page number). With fewer
    pages in the data set, the last one."""
    import html

    from django.conf import settings
    from django.test import Client

    from enterprises import selectors
    from enterprises.filters import OrganizationFilter
    from portal import keyset

    first = "/enterprises/staff/organizations/"
    client = Client(SERVER_NAME="127.0.0.1")
    name, value = cookie.split("=", 1)
    assert name == settings.SESSION_COOKIE_NAME
    client.cookies[name] = value
    text = client.get(first).content.decode()
    links = [html.unescape(m) for m in re.findall(r'href="([^"]*(?:after|page)=[^"]*)"', text)]
    if not links:
        raise SystemExit("the registry's first page offers no link to the next page")
    link = links[0]
    queryset = OrganizationFilter({}, queryset=selectors.registry_organizations()).qs
    total = queryset.count()
    page = max(2, min(page, -(-total // PER_PAGE)))
    if "after=" in link:
        # The list's own order (the Vietnamese collation included): the cursor of its row.
        order = keyset.ordering(queryset)
        row = queryset[(page - 1) * PER_PAGE - 1]
        cursor = keyset._encode([getattr(row, key.name) for key in order])
        link = re.sub(r"after=[^&]*", f"after={cursor}", link)
    else:
        link = re.sub(r"page=\d+", f"page={page}", link)
    return first + link[link.index("?") :]


def page_costs(paths: dict, cookies: dict) -> dict:
    """Per page, in-process against the same database: the queries and time of the page as
    built right after a change of the records (its cached fragments out of date, the
    dashboard's counted figures still reused), and the queries when served from the cache,
    as under load."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal import fragments

    costs = {}
    for key, (path, role) in paths.items():
        client = Client(SERVER_NAME="127.0.0.1")
        if role:
            name, value = cookies[role].split("=", 1)
            assert name == settings.SESSION_COOKIE_NAME
            client.cookies[name] = value
        client.get(path)
        times, built = [], None
        for _ in range(3):
            fragments.bump()  # as after any write
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
            built = len(queries)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in-process")
        costs[key] = {
            "queries_built": built,
            "built_ms": round(sorted(times)[1] * 1000, 1),
            "queries": len(queries),
        }
    return costs


def import_rate(rows: int, staff) -> dict:
    """Rows per second of the enterprises import service (validate + write), rolled back."""
    from django.db import transaction
    from openpyxl import Workbook

    from enterprises import imports
    from enterprises.models import Organization
    from enterprises.taxcode import mst_check_digit
    from portal.models import AdministrativeUnit, ProgramSettings

    province = ProgramSettings.load().province_code
    communes = list(
        AdministrativeUnit.objects.filter(parent__code=province).values_list("code", flat=True)
    )
    taken = set(Organization.objects.values_list("tax_code", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Du lieu")
    sheet.append([c.label for c in imports.ORGANIZATION_COLUMNS])
    serial, written = 0, 0
    while written < rows:
        serial += 1
        nine = f"89{serial:07d}"
        digit = mst_check_digit(nine)
        if digit is None or nine + digit in taken:
            continue
        written += 1
        sheet.append(
            [
                nine + digit,
                f"Công ty TNHH Nhập khẩu Thử nghiệm {written}",
                "",
                "Doanh nghiệp",
                "Công ty TNHH hai thành viên trở lên",
                "Tư nhân trong nước",
                "15/03/2010",
                "VSIC 2025",
                "2511",
                45,
                25_000_000_000,
                12_000_000_000,
                communes[written % len(communes)] if communes else "",
                f"Số {written} đường Hùng Vương",
                "0210 3 812 345",
                f"lienhe{written}@vidu.vn",
                "Nguyễn Văn An",
                "Trần Thị Bình",
                "0912 345 678",
                f"lienhe{written}@vidu.vn",
                "Kết cấu thép",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = imports.import_commit(
                kind="organizations", data=data, filename="bench.xlsx", by=staff
            )
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    if result.created != rows:
        raise SystemExit(f"import created {result.created} of {rows} rows")
    return {"rows": rows, "seconds": round(elapsed, 2), "rows_per_second": round(rows / elapsed)}


# A command's own peak memory. `wait4`'s ru_maxrss is not it on Linux: when a process calls
# exec, the kernel keeps the larger of its old and new address space's high-water marks, and
# the old one is the parent's (subprocess forks, or vforks, from this process). The bench's
# own process holds Django and every run's results, so the children's figures were this
# process's size, not theirs (a child using 14 MB was reported at the 313 MB of a parent that
# held 300 MB). VmHWM in /proc/<pid>/status is the high-water mark of the command's own address
# space: the wrapper below runs the command (manage.py, as `python manage.py ...` would) and
# writes its VmHWM to MEASURE_PEAK_FILE when it exits.
PEAK_WRAPPER = """
import atexit, os, runpy, sys
def _peak(path=os.environ.pop("MEASURE_PEAK_FILE")):
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(path, "w") as out:
        out.write(kib)
atexit.register(_peak)
sys.argv = sys.argv[1:]
sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_measured(args: list[str], env: dict) -> tuple[int, str, str, float, int]:
    """Run `PYTHON args...` in ROOT: (exit code, stdout, stderr, seconds, peak memory in MB).
    The peak is the command's own (VmHWM, see PEAK_WRAPPER) where /proc has it, else
    wait4's ru_maxrss."""
    own = Path("/proc/self/status").exists()
    # Output goes to files, not pipes: nothing reads a pipe while wait4 waits, so a command
    # writing more than a pipe holds would block for ever.
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as peak,
    ):
        command = [PYTHON, "-c", PEAK_WRAPPER, *args] if own else [PYTHON, *args]
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "MEASURE_PEAK_FILE": peak.name},
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
        kib = peak.read().strip() if own else ""
    peak_mb = round((int(kib) if kib.isdigit() else usage.ru_maxrss) / 1024)  # Linux: KiB
    return os.waitstatus_to_exitcode(status), stdout, stderr, seconds, peak_mb


EXPORT_SCRIPT = """
import json, time
from django.db import transaction
from portal.exports import export_start
from portal.models import ExportJob, User
user = User.objects.get(email="bench-staff@nscl.local")
started = time.perf_counter()
with transaction.atomic():
    job = export_start(name="registry", query="", by=user)
job = ExportJob.objects.get(pk=job.pk)
print(json.dumps({"status": job.status, "rows": job.rows_done,
                  "seconds": round(time.perf_counter() - started, 1),
                  "bytes": job.file.size if job.file else 0}))
job.file.delete(save=False)
"""


def export_registry(env: dict) -> dict:
    """The whole registry exported through `portal.exports` (the job started as the page
    starts it, the Celery task run eagerly in the same process), in its own process: wall
    time, rows and the process's own peak memory (`run_measured`)."""
    code, stdout, stderr, seconds, peak_mb = run_measured(
        ["manage.py", "shell", "-c", EXPORT_SCRIPT], {**env, "CELERY_TASK_ALWAYS_EAGER": "1"}
    )
    if code != 0:
        raise SystemExit(f"the registry export failed:\n{stdout}\n{stderr}")
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["status"] != "done":
        raise SystemExit(f"the registry export ended {result['status']}:\n{stderr}")
    return {
        "rows": result["rows"],
        "seconds": result["seconds"],
        "process_seconds": round(seconds, 1),
        "max_rss_mb": peak_mb,
        "bytes": result["bytes"],
        "rows_per_second": round(result["rows"] / max(result["seconds"], 0.001)),
    }


# --- server and load -------------------------------------------------------------------------


class Writer(threading.Thread):
    """Saves `per_second` records a second through the enterprises service (an organization's
    phone number changed by a member of staff, with its history row), until stopped."""

    def __init__(self, by, per_second: int = WRITES_PER_SECOND):
        super().__init__(daemon=True)
        self.by, self.per_second = by, per_second
        self.stopping = threading.Event()
        self.writes = 0
        self.failures = 0

    def run(self):
        from django.db import connection

        from enterprises.models import Organization
        from enterprises.services import organization_update

        try:
            organizations = list(
                Organization.objects.filter(status=Organization.Status.ACTIVE).order_by("pk")[:50]
            )
            interval = 1 / self.per_second
            next_at = time.monotonic()
            while not self.stopping.is_set() and organizations:
                organization = organizations[self.writes % len(organizations)]
                try:
                    organization_update(
                        organization=organization,
                        by=self.by,
                        data={"phone": f"0210 3{self.writes % 1_000_000:06d}"},
                    )
                except Exception:  # noqa: BLE001 - counted: a failed write is still a write tried
                    self.failures += 1
                self.writes += 1
                next_at += interval
                self.stopping.wait(max(0.0, next_at - time.monotonic()))
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.join()


class Server:
    def __init__(self, env: dict, port: int, workers: int, *, page_cache: bool = True):
        self.env = {**env, "PAGE_CACHE": "1" if page_cache else "0"}
        self.port, self.workers = port, workers
        self.process = None

    def __enter__(self):
        gunicorn = str(Path(PYTHON).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def settle(base: str, *, fast_ms: float = 50, timeout: float = 120) -> float:
    """Wait until the server has served what the previous row left queued; the seconds waited.

    gunicorn's sync workers take one connection at a time: under 50 connections, up to 47
    wait in the listen backlog. When wrk stops, it closes them, but the requests were sent:
    each worker still accepts, builds and answers them, one after another (a second or more
    of work for a page of 40 req/s). A row started at once measures that queue, not the page
    under its own load: the "10+writes" row, which followed the 50-connection row, measured
    the 50 users' leftovers (nominations 1,519 ms against 254 ms at 10 users). /ping waits
    in the same queue: once it answers at once twice in a row, the queue is gone."""
    started = time.monotonic()
    fast = 0
    while fast < 2 and time.monotonic() - started < timeout:
        asked = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}/ping", timeout=timeout) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
            continue
        fast = fast + 1 if (time.perf_counter() - asked) * 1000 < fast_ms else 0
    return time.monotonic() - started


def warm(url: str, cookie: str | None, times: int = 3) -> str | None:
    """Load the page a few times as a browser would and return the cookies it then sends:
    the session it came with plus what the portal set (the CSRF cookie, the visit-counter
    cookie). wrk replays them, so the load is ten returning users, not thousands of first
    visits a second."""
    jar = SimpleCookie(cookie or "")

    def header() -> str:
        return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())

    for _ in range(times):
        request = urllib.request.Request(url, headers={"Cookie": header()} if jar else {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                if response.status != 200:
                    raise SystemExit(f"{url} answered {response.status}")
                response.read()
                for value in response.headers.get_all("Set-Cookie") or []:
                    jar.load(value)
        except (TimeoutError, urllib.error.URLError) as exc:
            # A page slower than gunicorn's timeout: its rows are still measured (and fail
            # the run with "no request answered") rather than ending the bench here.
            log(f"    !! {url}: {exc} while warming up")
            break
    return header() or None


def load(wrk: str, url: str, cookie: str | None, *, duration: int, connections: int) -> dict:
    command = [
        wrk,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
    ]
    if cookie:
        command += ["--", cookie]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("{"))
    result = json.loads(line)
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    if result["non2xx"] or result["errors"]:
        log(f"    !! {url}: {result['non2xx']} non-2xx, {result['errors']} socket errors")
    return result


def annual_report(env: dict, year: int, tmp: Path) -> dict:
    output = tmp / f"report-{year}.pdf"
    code, stdout, stderr, seconds, peak_mb = run_measured(
        ["manage.py", "generate_annual_report", str(year), "--output", str(output)], env
    )
    if code != 0:
        raise SystemExit(f"generate_annual_report failed:\n{stdout}\n{stderr}")
    return {
        "year": year,
        "seconds": round(seconds, 1),
        "max_rss_mb": peak_mb,
        "pages": stdout.split(" pages")[0].rsplit(" ", 1)[-1] if " pages" in stdout else "",
        "bytes": output.stat().st_size,
        "problems": report_problems(output.read_bytes()),
    }


def report_problems(data: bytes) -> list[str]:
    """What officials must never read in the PDF (issue 12): an indicator code, a fractional
    count (a decimal comma outside a percentage), a font other than the Decree 30 serif, an
    industry section listed twice."""
    from pypdf import PdfReader

    from reports.models import Indicator

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    problems = [
        f"indicator code {code} in the text"
        for code in Indicator.objects.values_list("code", flat=True)
        if code in text
    ]
    fractions = [m.group(0) for m in re.finditer(r"\d+,\d+(?!\d)(\s*%)?", text) if not m.group(1)]
    if fractions:
        problems.append(f"fractional figures {fractions[:5]}")
    fonts = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    if other := sorted(f for f in fonts if not f.replace("-", "").startswith("LiberationSerif")):
        problems.append(f"fonts other than Liberation Serif: {other}")
    table = re.search(r"theo ngành kinh tế(.*?)theo xã, phường", text, flags=re.S)
    letters = re.findall(r"(?:^|\s)([A-V]) – ", table.group(1)) if table else []
    if not table:
        problems.append("no industry table")
    elif len(letters) != len(set(letters)):
        problems.append(f"industry sections listed twice: {sorted(letters)}")
    return problems


# --- one size --------------------------------------------------------------------------------


def run_size(size: int, args, env: dict, wrk: str, tmp: Path) -> dict:
    from django.core.cache import cache
    from django.db import connection

    from demo.scale import generated_organizations_count

    log(f"== {size:,} organizations (load average {load_average()})")
    existing = generated_organizations_count()
    if existing != size or args.reseed:
        started = time.perf_counter()
        manage(env, "seed_scale", "--organizations", str(size), *(["--reset"] if existing else []))
        log(f"    seeded in {time.perf_counter() - started:.0f} s")
    else:
        log(f"    the database holds {size:,} generated organizations already: reused")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    cache.clear()
    users = bench_users()
    cookies = {role: session_cookie(user) for role, user in users.items()}
    wanted = set(args.pages.split(",")) if args.pages else None
    paths = {}
    for key, _label, path, role in [REFERENCE, *PAGES]:
        if wanted is not None and key != "ping" and key not in wanted:
            continue
        paths[key] = (found_path(path, cookies, args.report_year), role)
    results: dict = {"size": size, "pages": {}, "load_before": load_average()}
    for key, (path, _role) in paths.items():
        results["pages"][key] = {"path": path, "load": {}}
    base = f"http://127.0.0.1:{args.port}"
    loads = [load for load in LOADS if load[1] in args.connection_levels or load[2]]
    for mode in args.modes:
        log(f"  -- page cache {'on' if mode == 'cached' else 'off'}")
        with Server(env, args.port, args.workers, page_cache=mode == "cached"):
            for key, (path, role) in paths.items():
                cookie = warm(base + path, cookies[role] if role else None)
                load(wrk, base + path, cookie, duration=1, connections=10)  # warm-up
                for name, connections, writing in loads:
                    if writing and key == "ping":
                        continue
                    log(f"    wrk {mode} {name:>9} {path[:90]}")
                    settle(base)  # not the previous row's queue
                    average = load_average()
                    writer = Writer(users["staff"]) if writing else contextlib.nullcontext()
                    with writer as running:
                        row = load(
                            wrk,
                            base + path,
                            cookie,
                            duration=args.duration,
                            connections=connections,
                        )
                    row["load_average"] = average[0]
                    if running is not None:
                        row["writes"] = running.writes
                        row["write_failures"] = running.failures
                    results["pages"][key]["load"][f"{mode}/{name}"] = row
                    if args.partial:  # a long run keeps what it measured so far
                        Path(args.partial).write_text(json.dumps(results, indent=1))
    for key, cost in page_costs(paths, cookies).items():
        results["pages"][key].update(cost)
    results["load_after"] = load_average()
    log("    annual report")
    results["annual_report"] = annual_report(env, args.report_year, tmp)
    log("    import")
    results["import"] = import_rate(args.import_rows, users["staff"])
    log("    registry export")
    results["export"] = export_registry(env)
    results["load_end"] = load_average()
    return results


# --- output ----------------------------------------------------------------------------------


def _cell(row: dict | None) -> str:
    if not row:
        return "— | —"
    return f"{row['p95_ms']:.0f} | {row['rps']:.0f}"


def table(results: list[dict]) -> str:
    lines = []
    labels = {key: label for key, label, _p, _r in [REFERENCE, *PAGES]}
    columns = [f"{mode}/{name}" for mode in MODES for name, _c, _w in LOADS]
    for run in results:
        lines.append(
            f"\n### {run['size']:,} organizations (load average {run['load_before'][0]:.1f} "
            f"before, {run['load_after'][0]:.1f} after the page runs)\n"
        )
        header = " | ".join(f"{c.replace('/', ' ')} p95 ms | req/s" for c in columns)
        lines.append(f"| page | {header} | queries (cached) | queries (built) | built in ms |")
        lines.append("|---|" + "---:|---:|" * len(columns) + "---:|---:|---:|")
        for key, page in run["pages"].items():
            cells = " | ".join(_cell(page["load"].get(column)) for column in columns)
            lines.append(
                f"| {labels.get(key, key)} | {cells} | {page.get('queries', '')} | "
                f"{page.get('queries_built', '')} | {page.get('built_ms', '')} |"
            )
        report, imported = run["annual_report"], run["import"]
        lines.append(
            f"\nAnnual report {report['year']}: {report['seconds']} s, peak memory "
            f"{report['max_rss_mb']} MB, {report['pages']} pages. "
            f"Import: {imported['rows']:,} organizations in {imported['seconds']} s = "
            f"{imported['rows_per_second']:,} rows/s."
        )
        if export := run.get("export"):
            lines.append(
                f"Registry export: {export['rows']:,} rows in {export['seconds']} s "
                f"({export['rows_per_second']:,} rows/s), peak memory {export['max_rss_mb']} MB."
            )
    return "\n".join(lines)


def row_problems(name: str, column: str, row: dict, ping: dict) -> list[str]:
    """The targets one load row (`column` = "mode/load") misses; `ping` is /ping's rows."""
    mode, load = column.split("/")
    if not row.get("requests"):
        return [f"{name}: no request answered"]
    problems = []
    limit = UNCACHED_P95_MS.get(load)
    if mode == "cached" and load == "50":
        limit = CACHED_P95_MS_50
        reference = ping.get(column, {}).get("rps")
        if reference and row["rps"] < CACHED_SHARE_OF_PING * reference:
            problems.append(
                f"{name}: {row['rps'] / reference:.0%} of /ping's throughput "
                f"< {CACHED_SHARE_OF_PING:.0%}"
            )
    if limit is not None and row["p95_ms"] >= limit:
        problems.append(f"{name}: p95 {row['p95_ms']:.0f} ms ≥ {limit} ms")
    if row.get("non2xx") or row.get("errors"):
        problems.append(
            f"{name}: {row.get('non2xx', 0)} non-2xx answers, {row.get('errors', 0)} socket errors"
        )
    return problems


def verdict(results: list[dict]) -> list[str]:
    """The targets of issue 18, checked on every size (query counts: the same at every size)."""
    problems = []
    smallest = min(results, key=lambda run: run["size"])
    for run in results:
        size = f"{run['size']:,}"
        ping = run["pages"]["ping"]["load"]
        for key, page in run["pages"].items():
            if key == "ping":
                continue
            for column, row in page["load"].items():
                problems += row_problems(f"{key} at {size}, {column}", column, row, ping)
            if run is not smallest and key in smallest["pages"]:
                for column in ("queries", "queries_built"):
                    if page.get(column) != smallest["pages"][key].get(column):
                        problems.append(
                            f"{key}: {smallest['pages'][key].get(column)} {column} at "
                            f"{smallest['size']:,} but {page.get(column)} at {size}"
                        )
        report = run["annual_report"]
        if report["seconds"] >= REPORT_SECONDS or report["max_rss_mb"] >= REPORT_MB:
            problems.append(
                f"annual report at {size}: {report['seconds']} s, {report['max_rss_mb']} MB"
            )
        problems += [f"annual report at {size}: {p}" for p in report.get("problems", [])]
        if run["import"]["rows_per_second"] < IMPORT_ROWS_PER_SECOND:
            problems.append(
                f"import at {size}: {run['import']['rows_per_second']} rows/s "
                f"< {IMPORT_ROWS_PER_SECOND:,}"
            )
        export = run.get("export")
        if export is None:
            problems.append(f"export at {size}: not measured")
        else:
            if export["rows_per_second"] < EXPORT_ROWS_PER_SECOND:
                problems.append(
                    f"export at {size}: {export['rows_per_second']:,} rows/s, slower than "
                    f"200,000 rows in 30 s"
                )
            if export["max_rss_mb"] >= EXPORT_MB:
                problems.append(f"export at {size}: peak memory {export['max_rss_mb']} MB")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="20000,1000000",
        help="organizations per run, comma-separated; a database holding that many is reused",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per row")
    parser.add_argument(
        "--connections",
        default="10,50",
        help="wrk connection levels (the write stream always runs at 10)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="only the run with the page cache off (PAGE_CACHE=0 for gunicorn)",
    )
    parser.add_argument("--pages", default="", help="only these page keys (comma-separated)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (as deployed)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--report-year", type=int, default=2025)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--reseed", action="store_true", help="seed again even when the size is already there"
    )
    args = parser.parse_args()
    args.modes = ("uncached",) if args.no_page_cache else MODES
    args.partial = f"{args.json}.partial" if args.json else None
    args.connection_levels = {int(c) for c in args.connections.split(",") if c.strip()}

    wrk = ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="nscl-bench-"))
    env = production_env(
        tmp,
        os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
    )
    try:
        ensure_database(env["DATABASE_URL"])
        log("migrate, collectstatic")
        manage(env, "migrate", "--noinput", quiet=True)
        manage(env, "collectstatic", "--noinput", quiet=True)
        django_setup(env)
        info = {**machine(), **database_versions(), "workers": args.workers}
        info["commands"] = " ".join(["python", "bench/bench.py", *sys.argv[1:]])
        results = [
            run_size(int(size), args, env, wrk, tmp)
            for size in args.sizes.split(",")
            if size.strip()
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']}, PostgreSQL "
        f"{info['postgresql']}, Redis {info['redis']}, Python {info['python']}, {info['wrk']}; "
        f"gunicorn {args.workers} sync workers; wrk {args.connections} connections, "
        f"{args.duration} s per row; load average {info['load_average']} at the start; "
        f"{info['date']}."
    )
    print(table(results))
    problems = verdict(results)
    print("\nTargets: " + ("all met." if not problems else "NOT met: " + "; ".join(problems)))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": info, "results": results}, indent=2, ensure_ascii=False)
        )
        Path(args.partial).unlink(missing_ok=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
