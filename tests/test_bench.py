"""`make bench` judges a run against the targets of the performance issue (issue 18): these
tests feed it made-up runs so a change to the verdict or the table cannot go unnoticed."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "bench", Path(__file__).resolve().parent.parent / "bench" / "bench.py"
)
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

PAGE_KEYS = [key for key, _label, _path, _role in bench.PAGES]


def row(p95, rps, **extra):
    return {
        "requests": round(rps * 10),
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "rps": rps,
        "non2xx": 0,
        "errors": 0,
        **extra,
    }


def run(
    size,
    *,
    p95=None,
    rps=None,
    queries=0,
    built=5,
    report_s=20.0,
    rss=400,
    rows=6000,
    export_s=10.0,
    export_rows=200_000,
    export_rss=150,
    page="registry",
):
    """A run meeting every target; `p95` / `rps` ({"mode/load": value}) change `page`'s rows."""
    ping = {
        f"{mode}/{name}": row(4, 2000.0)
        for mode in bench.MODES
        for name, _c, w in bench.LOADS
        if not w
    }
    pages = {"ping": {"path": "/ping", "load": ping, "queries": 0, "queries_built": 0}}
    for key in PAGE_KEYS:
        load = {
            f"{mode}/{name}": row(50 if mode == "cached" else 150, 900.0)
            for mode in bench.MODES
            for name, _c, _w in bench.LOADS
        }
        if key == page:
            for column, value in (p95 or {}).items():
                load[column]["p95_ms"] = value
            for column, value in (rps or {}).items():
                load[column]["rps"] = value
        pages[key] = {
            "path": "/",
            "load": load,
            "queries": queries if key == page else 0,
            "queries_built": built if key == page else 5,
            "built_ms": 10.0,
        }
    return {
        "size": size,
        "pages": pages,
        "load_before": [4.0, 3.0, 2.0],
        "load_after": [5.0, 3.0, 2.0],
        "annual_report": {"year": 2025, "seconds": report_s, "max_rss_mb": rss, "pages": 90},
        "import": {"rows": 10_000, "seconds": 2.0, "rows_per_second": rows},
        "export": {
            "rows": export_rows,
            "seconds": export_s,
            "max_rss_mb": export_rss,
            "rows_per_second": round(export_rows / export_s),
        },
    }


def test_a_run_meeting_every_target_passes():
    assert bench.verdict([run(20_000), run(1_000_000)]) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"p95": {"uncached/10": 300.0}}, "uncached/10: p95 300 ms ≥ 300 ms"),
        ({"p95": {"uncached/10+writes": 301.0}}, "uncached/10+writes: p95 301 ms"),
        ({"p95": {"cached/10+writes": 300.0}}, "cached/10+writes: p95 300 ms"),
        ({"p95": {"uncached/50": 1000.0}}, "uncached/50: p95 1000 ms ≥ 1000 ms"),
        ({"p95": {"cached/50": 100.0}}, "cached/50: p95 100 ms ≥ 100 ms"),
        ({"rps": {"cached/50": 799.0}}, "of /ping's throughput < 40%"),
        ({"page": "deep", "p95": {"uncached/10": 400.0}}, "deep at 1,000,000"),
        ({"queries": 1}, "queries at 20,000"),
        ({"built": 6}, "queries_built at 20,000"),
        ({"report_s": 60.0}, "annual report"),
        ({"rss": 1024}, "annual report"),
        ({"rows": 4999}, "import at 1,000,000: 4999 rows/s"),
        ({"export_s": 31.0}, "export at 1,000,000"),
        ({"export_rss": 300}, "export at 1,000,000: peak memory 300 MB"),
    ],
)
def test_each_missed_target_is_named(changes, expected):
    problems = bench.verdict([run(20_000), run(1_000_000, **changes)])
    assert problems
    assert any(expected in problem for problem in problems), problems


def test_targets_are_checked_at_the_smaller_size_too():
    problems = bench.verdict([run(20_000, p95={"uncached/50": 1500.0}), run(1_000_000)])
    assert any(p.startswith("registry at 20,000, uncached/50") for p in problems), problems


def test_a_slow_cached_page_at_ten_users_is_not_held_to_the_fifty_user_target():
    # 150 ms is within the 300 ms of ten users, though over the 100 ms asked at fifty.
    assert bench.verdict([run(20_000, p95={"cached/10": 150.0})]) == []


def test_failed_requests_fail_the_run():
    bad = run(20_000)
    bad["pages"]["ledger"]["load"]["uncached/50"]["non2xx"] = 3
    assert any("ledger at 20,000, uncached/50: 3 non-2xx" in p for p in bench.verdict([bad]))


def test_a_row_where_no_request_was_answered_fails_the_run():
    # wrk reports p95 0 ms when nothing came back within the run: that is no pass.
    bad = run(20_000)
    bad["pages"]["home"]["load"]["uncached/10+writes"].update(requests=0, p95_ms=0.0, rps=0.0)
    assert "home at 20,000, uncached/10+writes: no request answered" in bench.verdict([bad])


def test_a_missing_export_fails_the_run():
    bad = run(20_000)
    del bad["export"]
    assert "export at 20,000: not measured" in bench.verdict([bad])


def test_the_table_prints_each_load_row():
    text = bench.table([run(1_000_000, p95={"uncached/50": 640.0}, rps={"uncached/50": 70.0})])
    assert "### 1,000,000 organizations (load average 4.0 before, 5.0 after" in text
    registry = next(line for line in text.splitlines() if line.startswith("| Registry list"))
    assert "| 150 | 900 | 640 | 70 | 150 | 900 | 50 | 900 |" in registry
    assert "Registry export: 200,000 rows in 10.0 s (20,000 rows/s), peak memory 150 MB." in text


def test_a_report_problem_fails_the_run():
    bad = run(1_000_000)
    bad["annual_report"]["problems"] = ["indicator code SUPPORTED_ORGS in the text"]
    problems = bench.verdict([run(20_000), bad])
    assert "annual report at 1,000,000: indicator code SUPPORTED_ORGS in the text" in problems


@pytest.mark.django_db
def test_the_report_check_names_what_officials_must_not_read():
    from weasyprint import HTML

    html = (
        "<p>SUPPORTED_ORGS: 154,35 tổ chức; tăng 7,5 %</p>"
        "<h4>Tổ chức được hỗ trợ năm 2025 theo ngành kinh tế</h4>"
        "<p>C – Công nghiệp chế biến 3</p><p>C – Sản xuất 2</p>"
        "<h4>Tổ chức được hỗ trợ năm 2025 theo xã, phường</h4>"
    )
    problems = bench.report_problems(HTML(string=html).write_pdf())
    assert "indicator code SUPPORTED_ORGS in the text" in problems
    assert any(p.startswith("fractional figures ['154,35']") for p in problems), problems
    assert any(p.startswith("fonts other than Liberation Serif") for p in problems), problems
    assert any(p.startswith("industry sections listed twice") for p in problems), problems


@pytest.mark.django_db
def test_the_deep_page_is_reached_through_the_registrys_own_cursor_link(staff_client):
    """`deep_path` follows the registry's "next" link with the cursor of the last row of the
    page before: the page it gives starts right after that row, in the list's own order."""
    from django.conf import settings

    from tests.enterprises.factories import OrganizationFactory

    names = [f"Công ty Số {number:03d}" for number in range(3 * bench.PER_PAGE)]
    for name in names:
        OrganizationFactory(name=name)
    cookie = staff_client.cookies[settings.SESSION_COOKIE_NAME]
    path = bench.deep_path(f"{settings.SESSION_COOKIE_NAME}={cookie.value}", page=3)
    assert "after=" in path
    text = staff_client.get(path).content.decode()
    assert names[2 * bench.PER_PAGE] in text
    assert names[2 * bench.PER_PAGE - 1] not in text


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_a_commands_peak_memory_is_its_own_not_the_bench_processs(tmp_path):
    """wait4's ru_maxrss of a child counts the parent's size at the fork (Linux keeps the
    larger high-water mark across exec): the bench, holding Django and its results, made every
    export look 200-360 MB. The measured peak is the command's own, whatever the parent holds,
    and still sees what the command itself allocates."""
    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(range(0, len(ballast), 4096))  # resident, not just mapped
    small = tmp_path / "small.py"
    small.write_text("print('small')\n")
    big = tmp_path / "big.py"
    big.write_text(
        "data = bytearray(120 * 1024 * 1024)\ndata[::4096] = b'1' * (len(data) // 4096)\n"
    )
    code, stdout, _stderr, _seconds, small_mb = bench.run_measured([str(small)], {})
    assert (code, stdout.strip()) == (0, "small")
    assert small_mb < 60
    _code, _stdout, _stderr, _seconds, big_mb = bench.run_measured([str(big)], {})
    assert 120 <= big_mb < 180
    del ballast
