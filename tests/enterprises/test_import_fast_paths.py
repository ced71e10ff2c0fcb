"""The import's shortcuts give exactly what the long way gives: the ten-digit tax-code check,
the extent pre-check of a sheet, the clean memory shared by fields with the same rules, the
COPY made while it is sent, and the reader run beside the checks."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum import exceptions as stdnum_exceptions
from stdnum.vn import mst

from enterprises import bulk
from enterprises.imports import ORGANIZATION_COLUMNS, RowChecker, import_commit
from enterprises.models import Organization
from enterprises.taxcode import validate_tax_code
from portal import spreadsheets
from tests.quality.test_hostile_spreadsheets import NS, crafted_xlsx

from .factories import valid_tax_code
from .test_imports import _full_row, xlsx


def _stdnum_verdict(value: str) -> str:
    try:
        mst.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        return "tax_code_checksum"
    except stdnum_exceptions.ValidationError:
        return "tax_code_format"
    return "ok"


def _our_verdict(value: str) -> str:
    try:
        validate_tax_code(value)
    except ValidationError as exc:
        return exc.code or ""
    return "ok"


def test_ten_digit_tax_codes_get_stdnums_verdict():
    values = [valid_tax_code(n) for n in range(200)]
    values += [v[:-1] + str((int(v[-1]) + 1) % 10) for v in values[:100]]  # wrong check digit
    values += ["0100000000", "0100000001", "0000000000", "9900000009", "0100233488"]
    for value in values:
        assert _our_verdict(value) == _stdnum_verdict(value), value
    assert _our_verdict("0100233480") == "tax_code_checksum"
    assert _our_verdict("0100233488") == "ok"


def _sheet(cells: str, dimension: str = "") -> bytes:
    return crafted_xlsx(NS + dimension + "<sheetData>" + cells + "</sheetData></worksheet>")


@pytest.mark.parametrize(
    ("cells", "dimension", "refused"),
    [
        ('<row r="3"><c r="U3"><v>1</v></c></row>', "", False),
        ('<row r="3"><c r="GR3"><v>1</v></c></row>', "", False),  # column 200: the limit
        ('<row r="3"><c r="GS3"><v>1</v></c></row>', "", True),  # column 201
        ('<row r="200000"><c r="A200000"><v>1</v></c></row>', "", False),  # the limit
        ('<row r="200001"><c r="A200001"><v>1</v></c></row>', "", True),
        ('<row r="2"><c r="B2"><v>1</v></c></row>', '<dimension ref="A1:GS2"/>', True),
        ('<row r="2"><c r="B2"><v>1</v></c></row>', '<dimension ref="A1:B300000"/>', True),
        ('<row r="2"><c r="B2"><v>1</v></c></row>', '<dimension ref="A1:AB99"/>', False),
    ],
)
def test_the_extent_pre_check_refuses_what_the_full_scan_refuses(cells, dimension, refused):
    content = _sheet(cells, dimension)
    archive = zipfile.ZipFile(io.BytesIO(content))
    with archive.open("xl/worksheets/sheet1.xml") as part:
        rows, columns = spreadsheets._sheet_extent(part)
    assert (rows > spreadsheets.MAX_ROWS or columns > spreadsheets.MAX_COLUMNS) == refused
    if refused:
        with pytest.raises(spreadsheets.SpreadsheetRefused):
            spreadsheets.check_xlsx(content)
    else:
        spreadsheets.check_xlsx(content)


def test_a_file_that_is_not_an_xlsx_gets_the_translated_message():
    with translation.override("vi"), pytest.raises(spreadsheets.SpreadsheetRefused) as refused:
        spreadsheets.read_first_sheet(b"PK\x03\x04 not really a zip archive")
    assert "Không đọc được tệp" in str(refused.value)


def test_the_reader_keeps_texts_dates_numbers_and_empty_cells():
    workbook = spreadsheets.new_workbook()
    spreadsheets.append_row(workbook.active, ["Mã số thuế", "Ngày", "Số", "Trống", "Chữ số"])
    spreadsheets.append_row(workbook.active, ["0100233488", dt.date(2010, 3, 15), 45, None, "0012"])
    rows = spreadsheets.read_first_sheet(spreadsheets.workbook_bytes(workbook))
    assert rows[1][0] == "0100233488"  # text: the leading zero stays
    assert rows[1][1] in (dt.date(2010, 3, 15), dt.datetime(2010, 3, 15))
    assert rows[1][2] == 45
    assert rows[1][3] in (None, "")
    assert rows[1][4] == "0012"


def test_fields_with_the_same_rules_share_a_memory_but_keep_their_own_errors(db):
    checker = RowChecker(Organization)
    memory = {name: id(kept) for _f, name, _a, _b, _e, kept in checker.fields}
    assert memory["email"] == memory["contact_email"]
    assert memory["name"] != memory["email"]
    assert memory["tax_code"] != memory["phone"]
    good = dict(tax_code=valid_tax_code(1), name="Công ty Một", email="a@vidu.vn")
    assert checker.errors(Organization(**good, contact_email="a@vidu.vn")) == {}
    errors = checker.errors(Organization(**good, contact_email="không phải email"))
    assert list(errors) == ["contact_email"]
    errors = checker.errors(Organization(**{**good, "email": "không phải email"}))
    assert list(errors) == ["email"]


def test_rows_sent_in_many_copy_batches_are_all_written_with_their_history(
    monkeypatch, staff_user, commune
):
    monkeypatch.setattr(bulk._CopySource, "BATCH", 2)
    header = [c.label for c in ORGANIZATION_COLUMNS]
    rows = [header, *(_full_row(700 + n, commune.code) for n in range(7))]
    result = import_commit(kind="organizations", data=xlsx(rows), filename="b.xlsx", by=staff_user)
    assert result.created == 7
    names = set(Organization.objects.values_list("name", flat=True))
    assert names == {row[1] for row in rows[1:]}
    assert Organization.history.filter(history_type="+").count() == 7


def test_copy_source_hands_out_every_line_once():
    source = bulk._CopySource(iter([f"{n}\n" for n in range(1203)]))
    chunks = []
    while chunk := source.read(8192):
        chunks.append(chunk)
    assert len(chunks) == 3
    assert "".join(chunks) == "".join(f"{n}\n" for n in range(1203))


def test_copy_lines_made_a_column_at_a_time_are_the_lines_made_value_by_value(db):
    """`_copy_lines` (a batch of rows, a column at a time) gives the text `_copy_line` gives
    row by row: escapes, NULLs, booleans, ints, datetimes in two zones that compare equal,
    decimals, UUIDs, enum members and missing keys (the field's default)."""
    import decimal
    import uuid
    from zoneinfo import ZoneInfo

    from enterprises.models import SupportActivity

    utc = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    hanoi = utc.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))  # equal to `utc`, another text
    texts = ["Công ty", "tab\there", "line\nbreak", "back\\slash", "cr\rx", "", "\\N"]
    from django.db.models import DateField, DateTimeField, DecimalField, UUIDField

    for model in (Organization, SupportActivity):
        fields, plan = bulk._plan(model)
        rows = []
        for n in range(23):
            row = {}
            for position, field in enumerate(fields):
                if (n + position) % 7 == 0:
                    continue  # missing: the default
                if (n + position) % 5 == 0:
                    row[field.attname] = None
                elif isinstance(field, DateTimeField):
                    row[field.attname] = utc if n % 2 else hanoi
                elif isinstance(field, DateField):
                    row[field.attname] = dt.date(2024, 5, n + 1)
                elif isinstance(field, DecimalField):
                    row[field.attname] = decimal.Decimal("1.50" if n % 2 else "1.5")
                elif isinstance(field, UUIDField):
                    row[field.attname] = uuid.UUID(int=n % 3)
                else:  # the driver takes any of these in a plain column
                    row[field.attname] = [
                        texts[(n + position) % len(texts)],
                        n % 4,
                        n % 2 == 0,
                        Organization.Status.ACTIVE,
                    ][(n + position) % 4]
            rows.append(row)
        ids = list(range(1000, 1023))
        for batch in (1, 4, 500):
            expected = [
                bulk._copy_line([pk, *bulk._values_of(plan, r)])
                for pk, r in zip(ids, rows, strict=True)
            ]
            assert list(bulk._copy_lines(plan, rows, ids, batch)) == expected
            expected = [bulk._copy_line(bulk._values_of(plan, r)) for r in rows]
            assert list(bulk._copy_lines(plan, rows, None, batch, count=len(rows))) == expected


def test_a_file_checked_while_it_is_written_writes_all_or_nothing(
    monkeypatch, staff_user, organization, commune
):
    """`import_commit` checks an organizations file a few rows at a time as the COPY asks
    for them: new and known organizations mixed across the chunks are all written (known
    ones updated); a refused row in a late chunk, after earlier rows were sent, raises the
    file's error and the transaction writes nothing."""
    from enterprises import imports

    monkeypatch.setattr(imports, "COMMIT_CHUNK", 3)
    monkeypatch.setattr(bulk._CopySource, "BATCH", 2)
    header = [c.label for c in ORGANIZATION_COLUMNS]
    rows = [_full_row(800 + n, commune.code) for n in range(10)]
    rows[4][0] = organization.tax_code  # a known organization between new ones
    rows[4][1] = "Công ty Đã Có (mới)"
    before = Organization.objects.count()
    bad = [list(row) for row in rows]
    bad[8][15] = "không phải email"  # the third chunk
    with pytest.raises(ValidationError):
        import_commit(
            kind="organizations", data=xlsx([header, *bad]), filename="b.xlsx", by=staff_user
        )
    assert Organization.objects.count() == before
    history = Organization.history.filter(history_type="+")
    assert not history.filter(name__startswith="Công ty TNHH Nhập khẩu").exists()
    organization.refresh_from_db()
    assert organization.name == "Công ty TNHH Cơ khí Việt Trì"

    result = import_commit(
        kind="organizations", data=xlsx([header, *rows]), filename="g.xlsx", by=staff_user
    )
    assert (result.created, result.updated) == (9, 1)
    assert Organization.objects.count() == before + 9
    organization.refresh_from_db()
    assert organization.name == "Công ty Đã Có (mới)"
    assert Organization.history.filter(history_type="+").count() >= 9
    assert [item["tax_code"] for item in result.preview] == [row[0] for row in rows]


def _beyond(max_rows: int, max_columns: int) -> re.Pattern:
    """The pattern `_within_limits` searched with before its markers: every reference `_REF`
    could read past the limits, and more (a column written with as many letters as the last
    allowed one, or a row with as many digits, right after `="` or `:`)."""
    letters = spreadsheets._letter_count(max_columns)
    digits = len(str(max_rows))
    return re.compile(rb'(?:="|:)(?:[A-Z]{%d}|[A-Z]{0,3}\d{%d})' % (letters, digits))


def test_the_extent_markers_find_what_the_extent_pattern_finds():
    """`_within_limits` searches the text's byte classes for `_beyond_markers`: wherever
    `_beyond`'s pattern finds a reference that may pass the limits, the markers find one
    (any text, any limits); where they find more, the exact scan decides."""
    import random

    alphabet = b'="::AZQa0959 r>/'
    generator = random.Random(18)
    for max_rows, max_columns in [(200_000, 200), (99, 26), (1_000_000, 16_384), (9, 702)]:
        pattern = _beyond(max_rows, max_columns)
        markers = spreadsheets._beyond_markers(max_rows, max_columns)
        for _ in range(3000):
            text = bytes(generator.choice(alphabet) for _ in range(generator.randrange(1, 30)))
            found = any(marker in text.translate(spreadsheets._CLASSES) for marker in markers)
            if pattern.search(text):
                assert found, (text, max_rows, max_columns)
            elif found:  # a quote not after "=": a place the pattern does not look at
                assert pattern.search(text.replace(b'"', b'="')), text


def test_the_check_digit_summed_in_c_is_stdnums():
    import random

    from enterprises.taxcode import _check_digit

    generator = random.Random(10)
    codes = [f"{generator.randrange(10**10):010d}" for _ in range(20_000)]
    codes += [f"{n:09d}0" for n in range(0, 10**9, 10**7)]
    assert [_check_digit(code) for code in codes] == [mst.calc_check_digit(c) for c in codes]
