"""The organizations import checks its file a column at a time (`_validate_organizations`):
it must give exactly what the row-by-row check gives (`_validate_organizations_by_row`, the
model's rules through `RowChecker`): the same errors, with the same translated messages, on
the same rows, in the same order, and the same values for the rows it accepts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.imports import (
    ORGANIZATION_COLUMNS,
    _validate_organizations,
    _validate_organizations_by_row,
    import_commit,
    import_validate,
    read_rows,
)
from enterprises.models import Organization

from .factories import valid_tax_code
from .test_imports import _full_row, csv_bytes, xlsx

HEADER = [c.label for c in ORGANIZATION_COLUMNS]


def _bad_rows(commune_code: str, known_tax_code: str) -> list[list]:
    """A sheet with every kind of bad cell, good rows between them, and cells of mixed types
    in one column (1, 1.0 and True are equal in Python, not as cells)."""
    rows = [_full_row(n, commune_code) for n in range(40)]
    wrong_digit = valid_tax_code(9)[:-1] + str((int(valid_tax_code(9)[-1]) + 1) % 10)
    edits = {
        1: {0: wrong_digit},  # tax code checksum (the field's validator)
        2: {0: "12345"},  # tax code format
        3: {0: valid_tax_code(500)},  # the same tax code as row 0: twice in the file
        4: {1: ""},  # name required (the model's blank rule)
        5: {1: "x" * 301},  # name too long
        6: {3: "Không rõ", 4: "Kiểu lạ", 5: 7},  # unknown choices, one a number
        7: {6: "31/02/2020"},  # not a date
        8: {6: 2020},  # a number is not a date either
        9: {6: dt.datetime(2999, 1, 1)},  # a date cell, kept (the model says nothing)
        10: {7: "VSIC 2018", 8: "4520"},  # a code of the other version
        11: {8: "ZZ"},  # no such code
        12: {8: 9999.0},  # a float code
        13: {9: "mười", 10: -5, 11: 2.5},  # not whole numbers
        14: {9: True},  # a boolean among numbers
        15: {12: "99999"},  # unknown commune (text)
        16: {12: 99999},  # unknown commune (number)
        17: {14: "0" * 40},  # phone too long
        18: {15: "không phải email", 19: "x@"},  # both e-mails bad
        19: {0: "001085012345", 4: "Công ty TNHH một thành viên"},  # personal ID, not household
        20: {0: "001085012346", 4: ""},  # personal ID, no legal form: a household, accepted
        21: {0: known_tax_code, 1: "Đã có (mới)", 9: 300},  # updates the known organization
        22: {0: known_tax_code, 9: "x"},  # the known code twice, with a bad number
        23: {1: "  Công ty Có Khoảng Trắng  ", 3: " doanh nghiep "},  # stripped, labels folded
        24: {9: 45.0, 10: "25.000.000.000", 11: "12,000,000,000 ₫"},  # numbers as text
        25: {1: "", 14: "0" * 40, 15: "sai", 3: "?", 9: "?"},  # many errors on one row
        26: {0: int(valid_tax_code(777))},  # a tax code typed as a number
        27: {20: "Kết cấu thép\nTôn mạ", 13: "Số 1 ngõ 2\\3"},  # line break, backslash
        28: {16: "x" * 300},  # legal representative too long
        29: {9: 1, 10: 1.0, 11: True},  # 1, 1.0 and True, each read as its own cell
        30: {2: 1},  # a short name given as a number
    }
    for position, cells in edits.items():
        for column, value in cells.items():
            rows[position][column] = value
    return [HEADER, *rows]


def _same(headers, rows) -> list:
    with translation.override("vi"):
        by_column, parsed = _validate_organizations(headers, rows)
        by_row, expected = _validate_organizations_by_row(headers, rows)
    errors = [(e.row, e.column, e.message) for e in by_column.errors]
    assert errors == [(e.row, e.column, e.message) for e in by_row.errors]
    assert (by_column.created, by_column.updated, by_column.total) == (
        by_row.created,
        by_row.updated,
        by_row.total,
    )

    def values(items):  # a value left None is not written either way
        return [{k: v for k, v in item.items() if v is not None} for item in items]

    assert values(parsed) == values(expected)
    assert values(by_column.preview) == values(by_row.preview)
    return errors


def test_every_kind_of_bad_cell_gets_the_same_errors_column_wise(organization, commune):
    rows = _bad_rows(commune.code, organization.tax_code)
    headers, body = read_rows(xlsx(rows), "bad.xlsx")
    errors = _same(headers, body)
    rows_with_errors = {row for row, _column, _message in errors}
    # The good rows pass, every bad row (but the accepted ones) is named with its message.
    bad = {*range(1, 10), 11, *range(13, 20), 22, 25, 28, 29}
    assert rows_with_errors == {position + 2 for position in bad}
    messages = " ".join(message for _row, _column, message in errors)
    assert "Mã số thuế này xuất hiện hai lần trong tệp" in messages
    assert "không thuộc các giá trị được chấp nhận" in messages
    assert "không phải là số nguyên" in messages
    assert "Không có mã xã/phường “99999”" in messages
    assert "Chữ số kiểm tra của mã số thuế không đúng" in messages


def test_a_csv_with_some_columns_gets_the_same_errors_column_wise(organization, commune):
    header = ["Mã số thuế", "Tên tổ chức", "Loại hình", "Số lao động", "Mã xã/phường", "Email"]
    rows = [
        header,
        [valid_tax_code(101), "Công ty Một", "Doanh nghiệp", "20", commune.code, "a@vidu.vn"],
        [valid_tax_code(102), "", "Không rõ", "mười", "99999", "sai"],
        [organization.tax_code, "", "", "", "", ""],  # an update: the name stays
        ["001085012345", "Hộ Chè", "", "3", commune.code[1:], ""],  # a household
        [valid_tax_code(101), "Trùng", "", "", "", ""],
        ["", "Không mã", "", "", "", ""],
    ]
    headers, body = read_rows(csv_bytes(rows), "dn.csv")
    errors = _same(headers, body)
    assert {row for row, _column, _message in errors} == {3, 6, 7}, errors


def test_column_wise_check_accepts_and_writes_what_the_rows_say(staff_user, commune):
    rows = [HEADER, *(_full_row(n, commune.code) for n in range(5))]
    rows[2][0] = "001085012345"
    rows[2][4] = ""  # a personal ID without a legal form: a household business
    result, _parsed = import_validate(kind="organizations", data=xlsx(rows), filename="o.xlsx")
    assert result.ok
    import_commit(kind="organizations", data=xlsx(rows), filename="o.xlsx", by=staff_user)
    household = Organization.objects.get(tax_code="001085012345")
    assert household.legal_form == Organization.LegalForm.HOUSEHOLD
    assert Organization.objects.count() == 5


@pytest.mark.parametrize("bad_row", [0, 3])
def test_one_bad_cell_writes_nothing(staff_user, commune, bad_row):
    rows = [HEADER, *(_full_row(n, commune.code) for n in range(4))]
    rows[bad_row + 1][15] = "không phải email"
    result, _parsed = import_validate(kind="organizations", data=xlsx(rows), filename="o.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(bad_row + 2, "Email")]
    with pytest.raises(ValidationError):
        import_commit(kind="organizations", data=xlsx(rows), filename="o.xlsx", by=staff_user)
    assert not Organization.objects.exists()


def test_refused_characters_and_lengths_get_the_same_errors_column_wise(organization, commune):
    """A text column whose strings all pass is checked at once (`RowChecker._column_passes`);
    one refused character or one text too long anywhere in it, and each value is cleaned
    on its own, with the field's own message on its own row."""
    header = [c.label for c in ORGANIZATION_COLUMNS]
    rows = [_full_row(200 + n, commune.code) for n in range(12)]
    rows[1][1] = "Công ty \u202eABC"  # a text-direction control in a name
    rows[2][13] = "Số 1\x07đường"  # a control character in an address
    rows[3][16] = "Nguyễn\tVăn An"  # a tab in a one-line text
    rows[4][20] = "Thép\x0bTôn"  # a vertical tab in multi-line text
    rows[5][20] = "Thép\nTôn\tmạ"  # line break and tab: allowed in multi-line text
    rows[6][2] = "x" * 101  # short name too long
    rows[7][2] = "x" * 100  # the longest allowed
    rows[8][14] = "0" * 31  # phone too long
    rows[9][14] = "0" * 30  # the longest allowed
    rows[10][17] = "\u202e"  # a contact name of one refused character
    headers, body = read_rows(csv_bytes([header, *rows]), "chars.csv")
    errors = _same(headers, body)
    assert {row for row, _column, _message in errors} == {3, 4, 5, 6, 8, 10, 12}, errors
    # Only good texts: every column passes at once, and the values are kept as they are.
    good = [_full_row(300 + n, commune.code) for n in range(5)]
    headers, body = read_rows(csv_bytes([header, *good]), "good.csv")
    assert _same(headers, body) == []
