"""Import organizations and support activities: preview with errors, all or nothing, updates,
templates, and speed."""

import csv
import datetime as dt
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from enterprises.imports import ORGANIZATION_COLUMNS, import_commit, import_validate
from enterprises.models import Organization, SupportActivity

from .factories import valid_tax_code


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


ORG_HEADER = [
    "Mã số thuế",
    "Tên tổ chức",
    "Loại hình",
    "Mã ngành",
    "Số lao động",
    "Doanh thu năm (đồng)",
    "Mã xã/phường",
]


def test_template_download_has_the_columns(staff_client, db):
    response = staff_client.get(reverse("enterprises:import_template", args=["organizations"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == [c.label for c in ORGANIZATION_COLUMNS]
    response = staff_client.get(reverse("enterprises:import_template", args=["activities"]))
    guide = load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert any("5s" in str(c.value) for row in guide.iter_rows() for c in row)


def test_preview_lists_errors_in_vietnamese_and_writes_nothing(staff_client, commune):
    rows = [
        ORG_HEADER,
        [valid_tax_code(1), "Công ty Một", "Doanh nghiệp", "2511", 20, 5_000_000_000, commune.code],
        ["0100233480", "Công ty Sai Mã", "Doanh nghiệp", "2511", 20, 1, commune.code],
        [valid_tax_code(2), "Công ty Hai", "Không rõ", "ZZ", "mười", 1, "99999"],
        [valid_tax_code(1), "Trùng", "", "", "", "", ""],
    ]
    upload = SimpleUploadedFile("dn.xlsx", xlsx(rows))
    response = staff_client.post(
        reverse("enterprises:import"), {"kind": "organizations", "file": upload}
    )
    content = response.content.decode()
    assert "Chữ số kiểm tra của mã số thuế không đúng" in content
    assert "“Không rõ” không thuộc các giá trị được chấp nhận" in content
    assert "“mười” không phải là số nguyên" in content
    assert "Không có mã xã/phường “99999”" in content
    assert "Mã số thuế này xuất hiện hai lần trong tệp" in content
    assert "Mã ngành này không có trong VSIC 2025" in content
    assert 'data-testid="import-errors"' in content
    assert reverse("enterprises:import_commit") not in content
    assert not Organization.objects.exists()


def test_valid_file_is_previewed_then_committed(staff_client, organization, commune):
    rows = [
        ORG_HEADER,
        [organization.tax_code, "Công ty TNHH Cơ khí Việt Trì (mới)", "", "", 300, "", ""],
        [
            valid_tax_code(50),
            "Hợp tác xã Chè Thanh Sơn",
            "Hợp tác xã",
            "A",
            8,
            2_000_000_000,
            commune.code,
        ],
    ]
    upload = SimpleUploadedFile("dn.csv", csv_bytes(rows))
    response = staff_client.post(
        reverse("enterprises:import"), {"kind": "organizations", "file": upload}
    )
    content = response.content.decode()
    assert "Cả 2 dòng đều hợp lệ: thêm mới 1, cập nhật 1" in content
    assert Organization.objects.count() == 1  # nothing written by the preview
    token = response.context["token"]
    response = staff_client.post(reverse("enterprises:import_commit"), {"token": token})
    assert response.status_code == 302
    assert Organization.objects.count() == 2  # updated, not duplicated
    organization.refresh_from_db()
    assert organization.name == "Công ty TNHH Cơ khí Việt Trì (mới)"
    assert organization.employees == 300
    assert organization.size_class == "large"
    coop = Organization.objects.get(tax_code=valid_tax_code(50))
    assert (coop.kind, coop.status, coop.industry_section, coop.size_class) == (
        "cooperative",
        "active",
        "A",
        "micro",
    )
    assert coop.commune == commune
    assert "hop tac xa che thanh son" in coop.search_text
    assert coop.history.count() == 1
    assert organization.history.count() >= 1
    # A token is good once.
    response = staff_client.post(
        reverse("enterprises:import_commit"), {"token": token}, follow=True
    )
    assert "hết hạn" in response.content.decode()


def test_activities_import_all_or_nothing(staff_user, organization):
    header = [
        "Mã số thuế",
        "Ngày",
        "Hình thức hỗ trợ",
        "Nội dung",
        "Mã giải pháp",
        "Ngân sách nhà nước (đồng)",
        "Nhóm hoạt động",
    ]
    good = [
        organization.tax_code,
        "12/03/2024",
        "Đào tạo",
        "Đào tạo 5S",
        "5s, kaizen",
        "15.000.000",
        "HT1",
    ]
    bad = [valid_tax_code(999), "31/02/2024", "Đào tạo", "", "xyz", "", ""]
    result, _ = import_validate(
        kind="activities", data=xlsx([header, good, bad]), filename="a.xlsx"
    )
    messages = [e.message for e in result.errors]
    assert any("Không có tổ chức đã đăng ký nào mang mã số thuế" in m for m in messages)
    assert any("không phải là ngày" in m for m in messages)
    assert any("Không có mã giải pháp “xyz”" in m for m in messages)
    # A blank title is the model's rule and message, as on the form.
    blank = str(SupportActivity._meta.get_field("title").error_messages["blank"])
    assert (3, "Nội dung", blank) in [(e.row, e.column, e.message) for e in result.errors]
    assert {e.row for e in result.errors} == {3}
    with pytest.raises(ValidationError, match="chưa nhập dữ liệu nào"):
        import_commit(
            kind="activities", data=xlsx([header, good, bad]), filename="a.xlsx", by=staff_user
        )
    assert not SupportActivity.objects.exists()
    result = import_commit(
        kind="activities", data=xlsx([header, good, good]), filename="a.xlsx", by=staff_user
    )
    assert result.created == 2
    activities = list(SupportActivity.objects.all())
    assert {a.state_budget for a in activities} == {15_000_000}
    assert len({a.batch for a in activities}) == 1
    assert set(activities[0].solutions.values_list("code", flat=True)) == {"5s", "kaizen"}


def test_import_speed_at_least_2000_rows_per_second(staff_user, commune):
    """A regression guard on the import's own cost. CPU time of this process, not wall time,
    so other work on a shared machine does not fail it; `make bench` measures wall-clock
    throughput against PostgreSQL."""
    count = 3000
    rows = [ORG_HEADER] + [
        [
            valid_tax_code(100_000 + n),
            f"Công ty Thử Tốc Độ {n}",
            "Doanh nghiệp",
            "4711",
            5 + n % 50,
            1_000_000_000 * (1 + n % 30),
            commune.code,
        ]
        for n in range(count)
    ]
    data = xlsx(rows)
    started = time.process_time()
    result = import_commit(kind="organizations", data=data, filename="big.xlsx", by=staff_user)
    elapsed = time.process_time() - started
    assert result.created == count
    assert Organization.objects.count() == count
    print(f"organizations: {count / elapsed:.0f} rows/s")
    assert count / elapsed >= 2000, f"{count / elapsed:.0f} rows/s"

    header = ["Mã số thuế", "Ngày", "Hình thức hỗ trợ", "Nội dung", "Mã giải pháp"]
    activity_rows = [header] + [
        [valid_tax_code(100_000 + n), "01/06/2024", "Phổ biến, tuyên truyền", "Hội thảo", "5s"]
        for n in range(count)
    ]
    data = xlsx(activity_rows)
    started = time.process_time()
    result = import_commit(kind="activities", data=data, filename="acts.xlsx", by=staff_user)
    elapsed = time.process_time() - started
    assert result.created == count
    print(f"activities: {count / elapsed:.0f} rows/s")
    assert count / elapsed >= 2000, f"{count / elapsed:.0f} rows/s"


def test_row_is_validated_by_the_model_a_long_phone_is_a_row_error(staff_user, commune):
    """The import validates each row with the model's `full_clean`: a 40-character phone (the
    field holds 30) is a row error in the preview, not a DataError at commit on PostgreSQL."""
    header = [*ORG_HEADER, "Điện thoại"]
    long_phone = "0210 3 812 345 / 0210 3 812 346 (máy lẻ)"
    assert len(long_phone) == 40
    rows = [
        header,
        [valid_tax_code(7), "Công ty Bảy", "Doanh nghiệp", "2511", 20, 1, commune.code, long_phone],
        [valid_tax_code(8), "Công ty Tám", "Doanh nghiệp", "2511", 20, 1, commune.code, "0210 1"],
    ]
    result, parsed = import_validate(kind="organizations", data=xlsx(rows), filename="dn.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Điện thoại")]
    assert "30" in result.errors[0].message
    assert "40" in result.errors[0].message
    assert [item["tax_code"] for item in parsed] == [valid_tax_code(8)]
    with pytest.raises(ValidationError):
        import_commit(kind="organizations", data=xlsx(rows), filename="dn.xlsx", by=staff_user)
    assert not Organization.objects.exists()


def test_household_rule_and_required_name_come_from_the_model(db, commune):
    """The personal-ID rule is the model's (`Organization.clean`), with the model's message."""
    personal_id = "001085012345"
    rows = [
        ORG_HEADER + ["Hình thức pháp lý"],
        [
            personal_id,
            "Hộ Kinh doanh Chè",
            "Doanh nghiệp",
            "2511",
            3,
            1,
            commune.code,
            "Công ty TNHH một thành viên",
        ],
        [valid_tax_code(9), "", "Doanh nghiệp", "2511", 3, 1, commune.code, ""],
    ]
    result, _parsed = import_validate(kind="organizations", data=xlsx(rows), filename="h.xlsx")
    candidate = Organization(
        tax_code=personal_id, name="x", legal_form=Organization.LegalForm.LLC_ONE
    )
    with pytest.raises(ValidationError) as model_error:
        candidate.clean()
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(2, "Mã số thuế")] == model_error.value.message_dict["tax_code"][0]
    blank = Organization._meta.get_field("name").error_messages["blank"]
    assert errors[(3, "Tên tổ chức")] == str(blank)


def _validation_queries(rows) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result, _parsed = import_validate(kind="organizations", data=xlsx(rows), filename="q.xlsx")
    return len(captured), result


def test_tax_codes_are_checked_set_based_with_their_messages_per_row(organization, commune):
    """Uniqueness is not asked of the database row by row (full_clean runs without
    validate_unique): the known tax codes are read in one query whatever the number of rows,
    and each duplicate is still named on its own row with its translated message."""
    from django.utils import translation
    from django.utils.translation import gettext

    def rows(count: int) -> list[list]:
        body = [
            [valid_tax_code(300 + n), f"Công ty {n}", "Doanh nghiệp", "2511", 5, 1, commune.code]
            for n in range(count)
        ]
        body.append([organization.tax_code, "Đã có trong sổ", "", "", 9, "", ""])  # updates
        body.append([valid_tax_code(300), "Trùng trong tệp", "", "", "", "", ""])
        return [ORG_HEADER, *body]

    with translation.override("vi"):
        few, small = _validation_queries(rows(3))
        many, large = _validation_queries(rows(40))
        twice = gettext("This tax code appears twice in the file.")
    assert few == many
    for result, count in ((small, 3), (large, 40)):
        assert [(e.row, e.column, e.message) for e in result.errors] == [
            (count + 3, "Mã số thuế", twice)
        ]
        assert (result.created, result.updated) == (count, 1)


def _full_row(n: int, commune_code: str) -> list:
    """A row of every column, as the bench writes them (bench/bench.py's import row)."""
    return [
        valid_tax_code(500 + n),
        f"Công ty TNHH Nhập khẩu Thử nghiệm {n}",
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
        commune_code,
        f"Số {n} đường Hùng Vương",
        "0210 3 812 345",
        f"lienhe{n}@vidu.vn",
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "0912 345 678",
        f"lienhe{n}@vidu.vn",
        "Kết cấu thép",
    ]


def test_validating_and_writing_take_the_same_queries_for_3_or_40_rows(staff_user, commune):
    """No per-row query in validating or writing (`import_commit` of 3 and of 40 rows asks the
    database the same number of times); a bad row still gets its translated message on its
    row number, and a file with one bad row writes nothing."""
    from django.core.validators import EmailValidator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    header = [c.label for c in ORGANIZATION_COLUMNS]

    def commit(count: int, offset: int) -> int:
        rows = [header, *(_full_row(offset + n, commune.code) for n in range(count))]
        with CaptureQueriesContext(connection) as captured:
            result = import_commit(
                kind="organizations", data=xlsx(rows), filename="n.xlsx", by=staff_user
            )
        assert result.created == count
        return len(captured)

    few, many = commit(3, 0), commit(40, 100)
    if connection.vendor == "postgresql":
        assert few == many  # one COPY per table whatever the rows
    else:  # the fallback INSERTs chunks of rows (SQLite's 999 parameters): one more per table
        assert many <= few + 2
    assert Organization.objects.count() == 43
    assert Organization.history.count() == 43

    bad = [header, *(_full_row(200 + n, commune.code) for n in range(5))]
    bad[3][15] = "không phải email"  # row 4 of the file (the header is row 1)
    with translation.override("vi"):
        result, _parsed = import_validate(kind="organizations", data=xlsx(bad), filename="b.xlsx")
        expected = str(EmailValidator.message)  # Django's own message, in Vietnamese
        with pytest.raises(ValidationError):
            import_commit(kind="organizations", data=xlsx(bad), filename="b.xlsx", by=staff_user)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(4, "Email", expected)]
    assert expected != "Enter a valid email address."  # a Vietnamese message
    assert Organization.objects.count() == 43


def test_row_checker_says_what_full_clean_says(db, commune):
    """The import's `RowChecker` (each field's `clean` once per distinct value, then the
    model's `clean`) gives exactly `full_clean`'s messages, row after row, also when a value
    comes back on a later row (remembered, not skipped)."""
    import copy

    from django.utils import translation

    from enterprises.imports import IMPORT_EXCLUDE, RowChecker

    good = dict(
        tax_code=valid_tax_code(1),
        name="Công ty Một",
        kind=Organization.Kind.ENTERPRISE,
        legal_form=Organization.LegalForm.LLC_MULTI,
        ownership=Organization.Ownership.PRIVATE,
        employees=10,
        email="a@vidu.vn",
        phone="0210 1",
    )
    variants = [
        {},
        {"phone": "0" * 40},
        {"email": "không phải email"},
        {"contact_email": "x@"},
        {"tax_code": valid_tax_code(1)[:-1] + str((int(valid_tax_code(1)[-1]) + 1) % 10)},
        {"tax_code": "001085012345"},  # a personal ID, not a household: the model's clean()
        {"tax_code": "001085012345", "legal_form": Organization.LegalForm.HOUSEHOLD},
        {"name": ""},
        {"name": "x" * 301},
        {"kind": "nope"},
        {"employees": -1},
        {"founded_on": dt.date(2999, 1, 1)},
        {"industry_classification": "vsic1999"},
        {"phone": "0" * 40, "email": "không phải email", "name": ""},
    ]
    checker = RowChecker(Organization)
    with translation.override("vi"):
        for _round in range(2):
            for variant in variants:
                candidate = Organization(**{**good, **variant})
                expected = {}
                try:
                    copy.copy(candidate).full_clean(
                        exclude=IMPORT_EXCLUDE[Organization],
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except ValidationError as exc:
                    expected = exc.message_dict
                assert checker.errors(candidate) == expected, variant
    assert any(checker.errors(Organization(**{**good, **v})) for v in variants)


def test_history_rows_hold_what_the_imported_rows_hold(staff_user, commune):
    """The history rows are the imported rows read back by the server: every imported
    organization has one "+" version with the same values, by the importer, with the
    import's reason."""
    header = [c.label for c in ORGANIZATION_COLUMNS]
    rows = [header, *(_full_row(300 + n, commune.code) for n in range(4))]
    rows[2][13] = "Số 1 ngõ 2\\3"  # a backslash and a line break: escaped in the COPY
    rows[2][20] = "Kết cấu thép\nTôn mạ"
    import_commit(kind="organizations", data=xlsx(rows), filename="h.xlsx", by=staff_user)
    fields = [f.attname for f in Organization._meta.concrete_fields]
    organizations = list(Organization.objects.order_by("id"))
    assert len(organizations) == 4
    assert any("\\" in o.address and "\n" in o.main_products for o in organizations)
    for organization in organizations:
        (version,) = organization.history.all()
        assert version.history_type == "+"
        assert version.history_user_id == staff_user.pk
        assert "h.xlsx" in version.history_change_reason
        for name in fields:
            assert getattr(version, name) == getattr(organization, name), name
