"""`make bench` judges a run against the targets of the performance issue: these tests feed it
made-up runs so a change to the verdict or the table cannot go unnoticed."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "bench", Path(__file__).resolve().parent.parent / "bench" / "bench.py"
)
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

PAGE_KEYS = [key for key, _label, _path, _role in bench.PAGES]


def run(size, *, rps=600.0, p95=20.0, queries=0, built=5, report_s=20.0, rss=400, rows=5000):
    pages = {
        "ping": {
            "rps": 2000.0,
            "p50_ms": 2,
            "p95_ms": 4,
            "queries": 0,
            "queries_built": 0,
            "built_ms": 0.3,
        },
    }
    for key in PAGE_KEYS:
        pages[key] = {
            "rps": rps,
            "p50_ms": 8,
            "p95_ms": p95,
            "queries": queries,
            "queries_built": built,
            "built_ms": 10.0,
        }
    return {
        "size": size,
        "pages": pages,
        "load_before": 0.1,
        "load_after": 1.0,
        "annual_report": {"year": 2025, "seconds": report_s, "max_rss_mb": rss, "pages": 90},
        "import": {"rows": 10_000, "seconds": 2.0, "rows_per_second": rows},
    }


def test_a_run_meeting_every_target_passes():
    assert bench.verdict([run(20_000), run(200_000)]) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"p95": 300.0}, "p95 300 ms"),
        ({"rps": 499.0}, "of the reference < 25 %"),
        ({"queries": 1}, "queries at 20,000"),
        ({"built": 6}, "queries_built at 20,000"),
        ({"report_s": 61.0}, "annual report"),
        ({"rss": 1024}, "annual report"),
        ({"rows": 1999}, "import"),
    ],
)
def test_each_missed_target_is_named(changes, expected):
    problems = bench.verdict([run(20_000), run(200_000, **changes)])
    assert problems
    assert any(expected in problem for problem in problems)


def test_the_table_prints_each_page_as_a_share_of_the_reference():
    text = bench.table([run(200_000, rps=700.0)])
    assert "### 200,000 organizations" in text
    assert "| Registry list (staff) | 8 | 20 | 700 | 35% |" in text


def test_a_report_problem_fails_the_run():
    bad = run(200_000)
    bad["annual_report"]["problems"] = ["indicator code SUPPORTED_ORGS in the text"]
    problems = bench.verdict([run(20_000), bad])
    assert "annual report at 200,000: indicator code SUPPORTED_ORGS in the text" in problems


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
