"""Tax codes, industry sections and the Decree 80/2021/NĐ-CP size classes."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.industry import (
    SECTIONS,
    VSIC_2018,
    VSIC_2025,
    IndustryCodeError,
    section_for_code,
    sector_group_for_section,
)
from enterprises.sizing import BILLION, size_class_for
from enterprises.taxcode import mst_check_digit, normalize_tax_code, validate_tax_code

from .factories import valid_tax_code


@pytest.mark.parametrize(
    "value",
    ["0100233488", "0100233488-001", "0314409058-002", "01.00.233.488", "001085012345"],
)
def test_valid_tax_codes(value):
    validate_tax_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0100233480", "tax_code_checksum"),
        ("12345", "tax_code_format"),
        ("0100233488-000", "tax_code_format"),
        ("01002334ab", "tax_code_format"),
        ("00123456789", "tax_code_format"),
    ],
)
def test_invalid_tax_codes(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_tax_code(value)
    assert exc.value.error_list[0].code == code


def test_normalized_forms():
    assert normalize_tax_code(" 0314409058 - 002 ") == "0314409058-002"
    assert normalize_tax_code("0314409058002") == "0314409058-002"
    assert normalize_tax_code("001 085 012 345") == "001085012345"


def test_factory_codes_are_valid():
    for n in range(1, 200):
        validate_tax_code(valid_tax_code(n))
    assert mst_check_digit("010023348") == "8"


def test_both_classifications_ship_their_sections():
    assert list(SECTIONS[VSIC_2018]) == list("ABCDEFGHIJKLMNOPQRSTU")
    assert list(SECTIONS[VSIC_2025]) == list("ABCDEFGHIJKLMNOPQRSTUV")
    assert SECTIONS[VSIC_2018]["C"][0] == "Công nghiệp chế biến, chế tạo"
    assert SECTIONS[VSIC_2025]["V"][0] == "Hoạt động của các tổ chức và cơ quan quốc tế"


@pytest.mark.parametrize(
    ("version", "code", "section"),
    [
        (VSIC_2018, "2511", "C"),
        (VSIC_2018, "C", "C"),
        (VSIC_2018, "C2511", "C"),
        (VSIC_2018, "62010", "J"),  # computer programming: J in 2018
        (VSIC_2025, "62010", "K"),  # ... K in 2025 (ISIC Rev. 5)
        (VSIC_2018, "68100", "L"),
        (VSIC_2025, "68100", "M"),
        (VSIC_2025, "99000", "V"),
        (VSIC_2018, "99000", "U"),
        (VSIC_2025, "0111", "A"),
    ],
)
def test_section_from_code(version, code, section):
    assert section_for_code(version, code) == section


@pytest.mark.parametrize(
    ("version", "code"),
    [(VSIC_2018, "V"), (VSIC_2025, "04"), (VSIC_2025, "D2511"), (VSIC_2025, "1")],
)
def test_unknown_codes(version, code):
    with pytest.raises(IndustryCodeError):
        section_for_code(version, code)


def test_sector_group_from_section():
    assert {s: sector_group_for_section(s) for s in "ACFGK"} == {
        "A": "aic",
        "C": "aic",
        "F": "aic",
        "G": "trade_services",
        "K": "trade_services",
    }


# Decree 80/2021/NĐ-CP, Article 5: (sector, class, max employees, max revenue, max capital).
DECREE_80 = [
    ("aic", "micro", 10, 3, 3),
    ("aic", "small", 100, 50, 20),
    ("aic", "medium", 200, 200, 100),
    ("trade_services", "micro", 10, 10, 3),
    ("trade_services", "small", 50, 100, 50),
    ("trade_services", "medium", 100, 300, 100),
]
NEXT = {"micro": "small", "small": "medium", "medium": "large"}


@pytest.mark.parametrize(("sector", "size", "employees", "revenue", "capital"), DECREE_80)
def test_decree_80_boundaries(sector, size, employees, revenue, capital):
    rev, cap = revenue * BILLION, capital * BILLION

    def size_of(e, r, c):
        return size_class_for(sector_group=sector, employees=e, revenue=r, capital=c)

    # At every threshold: still in the class.
    assert size_of(employees, rev, cap) == size
    # Revenue OR capital: one of them within the limit is enough.
    assert size_of(employees, rev, cap * 100) == size
    assert size_of(employees, rev * 100, cap) == size
    assert size_of(employees, None, cap) == size
    assert size_of(employees, rev, None) == size
    # One more employee, or both money figures over: the next class up (or beyond).
    assert size_of(employees + 1, rev, cap) != size
    assert size_of(employees, rev + 1, cap + 1) != size
    # Just over on both money figures moves to the next class (the next limits are higher).
    assert size_of(employees, rev + 1, cap + 1) == NEXT[size]


def test_decree_80_large_and_missing():
    assert size_class_for(sector_group="aic", employees=201, revenue=1, capital=1) == "large"
    assert (
        size_class_for(
            sector_group="trade_services",
            employees=100,
            revenue=300 * BILLION + 1,
            capital=100 * BILLION + 1,
        )
        == "large"
    )
    assert size_class_for(sector_group="aic", employees=None, revenue=1, capital=1) == ""
    assert size_class_for(sector_group="aic", employees=5, revenue=None, capital=None) == ""
    # The same figures differ by sector: 60 employees, 40 billion revenue.
    assert (
        size_class_for(sector_group="aic", employees=60, revenue=40 * BILLION, capital=None)
        == "small"
    )
    assert (
        size_class_for(
            sector_group="trade_services", employees=60, revenue=40 * BILLION, capital=None
        )
        == "medium"
    )
