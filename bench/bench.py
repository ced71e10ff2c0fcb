"""`make bench`: how fast the portal is at province scale, with numbers anyone can reproduce.

For each size (20,000 and 200,000 organizations by default) it:
1. seeds the data (`manage.py seed_scale`, skipped when the database already holds that many
   generated organizations), VACUUM ANALYZE, and empties the bench Redis database;
2. serves the portal with gunicorn on 127.0.0.1 with PRODUCTION settings (DJANGO_DEBUG unset,
   manifest static files collected into a temporary STATIC_ROOT, SECURE_SSL_REDIRECT=0 so
   plain http works), with the same worker count as docker-compose.yml;
3. loads a minimal view (`/ping`) first as the reference, then each page, with wrk
   (10 connections, bench/wrk_report.lua prints p50/p95/p99 as JSON; signed-in pages get a
   session cookie made with Django's SessionStore);
4. counts the queries per page in-process (Django's test Client and CaptureQueriesContext
   against the same database, warm cache as under load);
5. builds the annual report with `manage.py generate_annual_report YEAR --output FILE` as a
   subprocess and reads its wall time and peak memory (max RSS from wait4);
6. times the enterprises import service on an .xlsx of 10,000 new organizations (validated
   and written in one transaction, then rolled back so the data set stays as seeded).

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

# (key, label, path or callable(context) -> path, role)
PAGES = [
    ("home", "Home page (public)", "/", None),
    ("registry", "Registry list (staff)", "/enterprises/staff/organizations/", "staff"),
    (
        "search",
        f"Registry search “{SEARCH}” (staff)",
        "/enterprises/staff/organizations/?q=" + SEARCH.replace(" ", "+"),
        "staff",
    ),
    ("organization", "Organization page (staff)", "organization", "staff"),
    ("dashboard", "Dashboard (official)", "/reports/", "official"),
    ("reports", "Annual reports page (official)", "/reports/annual/", "official"),
    (
        "registry_writing",
        "Registry list (staff), a record written every second meanwhile",
        "/enterprises/staff/organizations/",
        "staff",
    ),
]
# Pages loaded while another connection writes a record every second, as staff at work do:
# every write makes the cached pages out of date, so this row shows what rebuilding costs.
WRITING = {"registry_writing"}
REFERENCE = ("ping", "Reference: minimal view /ping", "/ping", None)


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
    }


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


# --- server and load -------------------------------------------------------------------------


class Writer(threading.Thread):
    """Writes a record every second through Django (an organization saved unchanged), as a
    member of staff editing the registry would, until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.writes = 0

    def run(self):
        from django.db import connection
        from django.db.models import F

        from enterprises.models import Organization

        try:
            pk = Organization.objects.order_by("pk").values_list("pk", flat=True).first()
            while not self.stopping.wait(1.0):
                Organization.objects.filter(pk=pk).update(name=F("name"))
                self.writes += 1
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.join()


class Server:
    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
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
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
            response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                jar.load(value)
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
    # Output goes to files, not pipes: nothing reads a pipe while wait4 waits, so a command
    # writing more than a pipe holds would block for ever.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, "manage.py", "generate_annual_report", str(year), "--output", str(output)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"generate_annual_report failed:\n{stdout}\n{stderr}")
    return {
        "year": year,
        "seconds": round(seconds, 1),
        "max_rss_mb": round(usage.ru_maxrss / 1024),  # Linux reports KiB
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

    log(f"== {size:,} organizations")
    existing = generated_organizations_count()
    if existing != size or args.reseed:
        started = time.perf_counter()
        manage(env, "seed_scale", "--organizations", str(size), *(["--reset"] if existing else []))
        log(f"    seeded in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    cache.clear()
    users = bench_users()
    cookies = {role: session_cookie(user) for role, user in users.items()}
    paths = {}
    for key, _label, path, role in [REFERENCE, *PAGES]:
        paths[key] = (organization_path() if path == "organization" else path, role)
    results: dict = {"size": size, "pages": {}, "load_before": os.getloadavg()[0]}
    base = f"http://127.0.0.1:{args.port}"
    with Server(env, args.port, args.workers):
        for key, (path, role) in paths.items():
            cookie = cookies[role] if role else None
            cookie = warm(base + path, cookie)
            load(wrk, base + path, cookie, duration=2, connections=args.connections)  # warm-up
            log(f"    wrk {path}" + (" (writing meanwhile)" if key in WRITING else ""))
            with Writer() if key in WRITING else contextlib.nullcontext() as writer:
                results["pages"][key] = load(
                    wrk, base + path, cookie, duration=args.duration, connections=args.connections
                )
            results["pages"][key]["path"] = path
            if writer is not None:
                results["pages"][key]["writes"] = writer.writes
    for key, cost in page_costs(paths, cookies).items():
        results["pages"][key].update(cost)
    results["load_after"] = os.getloadavg()[0]
    log("    annual report")
    results["annual_report"] = annual_report(env, args.report_year, tmp)
    log("    import")
    results["import"] = import_rate(args.import_rows, users["staff"])
    return results


# --- output ----------------------------------------------------------------------------------


def table(results: list[dict]) -> str:
    lines = []
    labels = {key: label for key, label, _p, _r in [REFERENCE, *PAGES]}
    for run in results:
        reference = run["pages"]["ping"]["rps"]
        lines.append(
            f"\n### {run['size']:,} organizations (load average {run['load_before']:.1f} "
            f"before, {run['load_after']:.1f} after the page runs)\n"
        )
        lines.append(
            "| page | p50 ms | p95 ms | req/s | × reference | queries (cached) "
            "| queries (built) | built in ms |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for key, page in run["pages"].items():
            ratio = page["rps"] / reference if reference else 0
            lines.append(
                f"| {labels[key]} | {page['p50_ms']:.0f} | {page['p95_ms']:.0f} | "
                f"{page['rps']:.0f} | {ratio:.0%} | {page['queries']} | "
                f"{page['queries_built']} | {page['built_ms']} |"
            )
        report, imported = run["annual_report"], run["import"]
        lines.append(
            f"\nAnnual report {report['year']}: {report['seconds']} s, peak memory "
            f"{report['max_rss_mb']} MB, {report['pages']} pages. "
            f"Import: {imported['rows']:,} organizations in {imported['seconds']} s = "
            f"{imported['rows_per_second']:,} rows/s."
        )
    return "\n".join(lines)


def verdict(results: list[dict]) -> list[str]:
    """The targets of issue 8, checked on the largest size."""
    problems = []
    largest = max(results, key=lambda run: run["size"])
    smallest = min(results, key=lambda run: run["size"])
    reference = largest["pages"]["ping"]["rps"]
    for key, page in largest["pages"].items():
        if key == "ping":
            continue
        if page["p95_ms"] >= 300:
            problems.append(f"{key}: p95 {page['p95_ms']:.0f} ms ≥ 300 ms")
        if page["rps"] < 0.25 * reference:
            problems.append(f"{key}: {page['rps'] / reference:.0%} of the reference < 25 %")
        for column in ("queries", "queries_built"):
            if len(results) > 1 and page[column] != smallest["pages"][key][column]:
                problems.append(
                    f"{key}: {smallest['pages'][key][column]} {column} at "
                    f"{smallest['size']:,} but {page[column]} at {largest['size']:,}"
                )
    report = largest["annual_report"]
    if report["seconds"] >= 60 or report["max_rss_mb"] >= 1024:
        problems.append(f"annual report: {report['seconds']} s, {report['max_rss_mb']} MB")
    for run in results:
        problems += [
            f"annual report at {run['size']:,}: {p}"
            for p in run["annual_report"].get("problems", [])
        ]
    if largest["import"]["rows_per_second"] < 2000:
        problems.append(f"import: {largest['import']['rows_per_second']} rows/s < 2,000")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (as deployed)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--report-year", type=int, default=2025)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--reseed", action="store_true", help="seed again even when the size is already there"
    )
    args = parser.parse_args()

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
        f"{args.duration} s per page; {info['date']}."
    )
    print(table(results))
    problems = verdict(results)
    print("\nTargets: " + ("all met." if not problems else "NOT met: " + "; ".join(problems)))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": info, "results": results}, indent=2, ensure_ascii=False)
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
