"""Read the first sheet of an .xlsx given on stdin; write its rows to stdout as tagged JSON.

Run only by `portal.spreadsheets.read_first_sheet`, in a child process with a memory cap: a
crafted file can make the Rust reader abort the whole process (it tried to allocate 512 GiB for a
1.6 KB file), and that process must never be a web worker. Standalone on purpose (no Django,
no project imports) so that it starts in a few milliseconds.
"""

import datetime as dt
import io
import json
import sys


def _encode(value):
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"seconds": value.total_seconds()}
    raise TypeError(f"{type(value).__name__} is not a cell value")


def _rows(data: bytes) -> list[list]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - the fallback when the wheel is unavailable
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
        return rows
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = workbook.get_sheet_by_index(0).to_python()
    # Lists already (python-calamine 0.9): copying 10,000 of them cost the parent's wait 5 ms.
    return rows if all(type(row) is list for row in rows) else [list(row) for row in rows]


def main() -> None:
    if len(sys.argv) > 1:  # the memory cap, set before anything is read or parsed
        import resource

        limit = int(sys.argv[1])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    rows = _rows(sys.stdin.buffer.read())
    # One C-encoded string: `default` is called only for the dates and times, and `json.dumps`
    # encodes in C where `json.dump` to a stream goes through the Python encoder piece by piece.
    sys.stdout.write(json.dumps(rows, default=_encode))


if __name__ == "__main__":
    main()
