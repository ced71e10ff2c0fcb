"""What one request costs the web process, measured in-process through the WSGI application.

    python bench/hit_cost.py [--pages ping,home,registry,organization] [--requests 500]
                             [--no-page-cache] [--profile PAGE]

Runs the portal with PRODUCTION settings (as `bench.py` serves it) against BENCH_DATABASE_URL
and BENCH_REDIS_URL, calls the WSGI application as gunicorn's sync worker does (the response
iterated and closed, so request_started/request_finished fire), as returning visitors (each
page's cookies replayed, as wrk does), and prints per page: CPU milliseconds per request (this
process's user+system time, so other work on the machine matters less than for wall time),
wall milliseconds (both the least of `--rounds` short rounds), Redis round trips and SQL queries per request. With `--profile PAGE` it
prints the cProfile of that page's requests instead.

The wrk runs of `bench.py` measure what a user sees; this measures what the code costs, and is
what to compare before and after a change on a busy machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench  # noqa: E402 - bench/ is not a package


def page_path(key: str, cookies: dict) -> tuple[str, str | None]:
    """(path, role) of one of bench.py's pages, the ones found in the data set included."""
    for name, _label, path, role in [bench.REFERENCE, *bench.PAGES]:
        if name == key:
            return bench.found_path(path, cookies, report_year=2025), role
    raise SystemExit(f"No page {key!r} in bench.py's PAGES")


class Counter:
    """Redis round trips (one per command or pipeline sent) and SQL queries."""

    def __init__(self):
        self.redis = 0
        self.queries = 0

    def install(self) -> None:
        from django.db import connection
        from redis.connection import Connection

        counter = self
        send = Connection.send_packed_command

        def send_packed_command(self, command, check_health=True):
            counter.redis += 1
            return send(self, command, check_health)

        Connection.send_packed_command = send_packed_command  # type: ignore[method-assign]

        def count(execute, sql, params, many, context):
            counter.queries += 1
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(count)


def environ_for(path: str, cookie: str | None) -> dict:
    path, _sep, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "hit_cost",
        "HTTP_ACCEPT": "text/html",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def call(application, path: str, cookie: str | None) -> tuple[str, list, bytes]:
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, headers

    result = application(environ_for(path, cookie), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


def warm(application, path: str, cookie: str | None) -> str | None:
    """Load the page three times keeping its cookies (see bench.warm)."""
    jar = SimpleCookie(cookie or "")
    for _ in range(3):
        header = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
        status, headers, _body = call(application, path, header or None)
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")
        for name, value in headers:
            if name.lower() == "set-cookie":
                jar.load(value)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items()) or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="ping,home,registry,dashboard")
    parser.add_argument("--requests", type=int, default=100, help="requests per round")
    parser.add_argument("--no-page-cache", action="store_true")
    parser.add_argument("--profile", default="", help="print the cProfile of this page")
    parser.add_argument(
        "--rounds",
        type=int,
        default=30,
        help="the least CPU of this many rounds is printed: short rounds, so that one of them "
        "runs while the machine's other work leaves the caches and cores alone",
    )
    args = parser.parse_args()

    database = os.environ.get("BENCH_DATABASE_URL", bench.DEFAULT_DATABASE)
    redis = os.environ.get("BENCH_REDIS_URL", bench.DEFAULT_REDIS)
    tmp = Path(os.environ.get("HIT_COST_TMP") or tempfile.mkdtemp(prefix="hit-cost-"))
    env = bench.production_env(tmp, database, redis)
    env["PAGE_CACHE"] = "0" if args.no_page_cache else "1"
    if not (tmp / "static" / "staticfiles.json").exists():
        subprocess.run(
            [bench.PYTHON, "manage.py", "collectstatic", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    bench.django_setup(env)

    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    users = bench.bench_users()
    cookies = {role: bench.session_cookie(user) for role, user in users.items()}
    counter = Counter()
    counter.install()
    wanted = [args.profile] if args.profile else args.pages.split(",")
    print(f"page cache {'off' if args.no_page_cache else 'on'}, load {bench.load_average()}")
    print(f"{'page':<10} {'cpu ms':>7} {'wall ms':>8} {'redis':>6} {'queries':>8}")
    for key in wanted:
        path, role = page_path(key, cookies)
        cookie = warm(application, path, cookies[role] if role else None)
        for _ in range(20):
            call(application, path, cookie)
        n = args.requests
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(n):
                call(application, path, cookie)
            profile.disable()
            if os.environ.get("HIT_COST_PROFILE"):  # a file for pstats
                profile.dump_stats(os.environ["HIT_COST_PROFILE"])
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
            return
        best = None
        for _ in range(args.rounds):
            counter.redis = counter.queries = 0
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(n):
                call(application, path, cookie)
            row = (
                (time.process_time() - cpu) * 1000 / n,
                (time.perf_counter() - wall) * 1000 / n,
                counter.redis / n,
                counter.queries / n,
            )
            best = row if best is None or row[0] < best[0] else best
        assert best is not None
        print(f"{key:<10} {best[0]:7.2f} {best[1]:8.2f} {best[2]:6.1f} {best[3]:8.1f}")


if __name__ == "__main__":
    main()
