"""Sections of the Vietnam Standard Industrial Classification, kept as data in the app.

VSIC 2018 (Decision 27/2018/QĐ-TTg) has sections A–U; VSIC 2025 (Decision 36/2025/QĐ-TTg,
from 15/11/2025, aligned with ISIC Rev. 5) has sections A–V and re-letters most of the
sections after I. An industry code is stored with its classification version, and its section
letter is derived from the code's division (the first two digits) within that version; a code
is checked down to the division, the most detailed level whose list the portal keeps for both
versions (a division that a version does not have, such as 45 in VSIC 2025, is refused).

Figures that count organizations by industry use one version only: codes of the other version
are converted through the concordance (`enterprises.concordance`, reference data).
"""

from __future__ import annotations

VSIC_2018 = "vsic2018"
VSIC_2025 = "vsic2025"

# section letter -> (Vietnamese name, divisions)
SECTIONS: dict[str, dict[str, tuple[str, range | tuple[int, ...]]]] = {
    VSIC_2018: {
        "A": ("Nông nghiệp, lâm nghiệp và thủy sản", range(1, 4)),
        "B": ("Khai khoáng", range(5, 10)),
        "C": ("Công nghiệp chế biến, chế tạo", range(10, 34)),
        "D": (
            "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
            (35,),
        ),
        "E": ("Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải", range(36, 40)),
        "F": ("Xây dựng", range(41, 44)),
        "G": (
            "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
            range(45, 48),
        ),
        "H": ("Vận tải kho bãi", range(49, 54)),
        "I": ("Dịch vụ lưu trú và ăn uống", range(55, 57)),
        "J": ("Thông tin và truyền thông", range(58, 64)),
        "K": ("Hoạt động tài chính, ngân hàng và bảo hiểm", range(64, 67)),
        "L": ("Hoạt động kinh doanh bất động sản", (68,)),
        "M": ("Hoạt động chuyên môn, khoa học và công nghệ", range(69, 76)),
        "N": ("Hoạt động hành chính và dịch vụ hỗ trợ", range(77, 83)),
        "O": (
            "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý Nhà nước, "
            "an ninh quốc phòng; đảm bảo xã hội bắt buộc",
            (84,),
        ),
        "P": ("Giáo dục và đào tạo", (85,)),
        "Q": ("Y tế và hoạt động trợ giúp xã hội", range(86, 89)),
        "R": ("Nghệ thuật, vui chơi và giải trí", range(90, 94)),
        "S": ("Hoạt động dịch vụ khác", range(94, 97)),
        "T": (
            "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất "
            "và dịch vụ tự tiêu dùng của hộ gia đình",
            range(97, 99),
        ),
        "U": ("Hoạt động của các tổ chức và cơ quan quốc tế", (99,)),
    },
    # Section names as printed in Decision 36/2025/QĐ-TTg, Appendix I.
    VSIC_2025: {
        "A": ("Nông nghiệp, lâm nghiệp và thủy sản", range(1, 4)),
        "B": ("Khai khoáng", range(5, 10)),
        "C": ("Công nghiệp chế biến, chế tạo", range(10, 34)),
        "D": (
            "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
            (35,),
        ),
        "E": ("Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải", range(36, 40)),
        "F": ("Xây dựng", range(41, 44)),
        # ISIC Rev. 5 removes division 45: selling motor vehicles, motorcycles and their parts
        # moved to 46 and 47, their maintenance and repair to 95 (section T).
        "G": ("Bán buôn và bán lẻ", (46, 47)),
        "H": ("Vận tải, kho bãi", range(49, 54)),
        "I": ("Dịch vụ lưu trú và ăn uống", range(55, 57)),
        "J": ("Hoạt động xuất bản, phát sóng, sản xuất và phân phối nội dung", range(58, 61)),
        "K": (
            "Hoạt động viễn thông; lập trình máy tính, tư vấn, cơ sở hạ tầng máy tính và các "
            "dịch vụ thông tin khác",
            range(61, 64),
        ),
        "L": ("Hoạt động tài chính, ngân hàng và bảo hiểm", range(64, 67)),
        "M": ("Hoạt động kinh doanh bất động sản", (68,)),
        "N": ("Hoạt động chuyên môn, khoa học và công nghệ", range(69, 76)),
        "O": ("Hoạt động hành chính và dịch vụ hỗ trợ", range(77, 83)),
        "P": (
            "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý Nhà nước, "
            "an ninh quốc phòng; bảo đảm xã hội bắt buộc",
            (84,),
        ),
        "Q": ("Giáo dục và đào tạo", (85,)),
        "R": ("Y tế và hoạt động trợ giúp xã hội", range(86, 89)),
        "S": ("Nghệ thuật, thể thao và giải trí", range(90, 94)),
        "T": ("Hoạt động dịch vụ khác", range(94, 97)),
        "U": (
            "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất "
            "và dịch vụ tự tiêu dùng của hộ gia đình",
            range(97, 99),
        ),
        "V": ("Hoạt động của các tổ chức và cơ quan quốc tế", (99,)),
    },
}

# Sections in the Decree 80/2021/NĐ-CP group "agriculture, forestry, fishery; industry and
# construction" (the same letters in both versions); every other section is trade and services.
AGRICULTURE_INDUSTRY_CONSTRUCTION_SECTIONS = frozenset("ABCDEF")


VERSION_NAMES = {VSIC_2018: "VSIC 2018", VSIC_2025: "VSIC 2025"}


class IndustryCodeError(ValueError):
    """A code that is not a section or division of a version; `reason` says which check failed
    and `division` is the code's division when it had one."""

    def __init__(self, reason: str, *, division: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.division = division


def version_name(version: str) -> str:
    return VERSION_NAMES.get(version, version)


def other_version(version: str) -> str:
    return VSIC_2018 if version == VSIC_2025 else VSIC_2025


def parse_code(code: str) -> tuple[str, str]:
    """("C2511" | "c 25.11" | "2511" | "C") -> (section letter or "", digits or "")."""
    code = (code or "").strip().upper().replace(".", "").replace(" ", "")
    if code and code[0].isalpha():
        return code[0], code[1:]
    return "", code


def has_division(version: str, division: int) -> bool:
    return any(division in divisions for _name, divisions in SECTIONS.get(version, {}).values())


def section_name(version: str, letter: str) -> str:
    entry = SECTIONS.get(version, {}).get(letter)
    return entry[0] if entry else ""


def section_choices(version: str) -> list[tuple[str, str]]:
    return [(letter, f"{letter} – {name}") for letter, (name, _d) in SECTIONS[version].items()]


def section_for_code(version: str, code: str) -> str:
    """The section letter of an industry code ("C", "25", "2511", "C2511") in a version.

    Raises IndustryCodeError when the code is not a section or division of that version.
    """
    sections = SECTIONS.get(version)
    if sections is None:
        raise IndustryCodeError("unknown classification")
    letter, code = parse_code(code)
    if not letter and not code:
        raise IndustryCodeError("empty")
    if letter:
        if letter not in sections:
            raise IndustryCodeError("unknown section")
        if not code:
            return letter
    if not code.isdigit() or not 2 <= len(code) <= 5:
        raise IndustryCodeError("bad format")
    division = int(code[:2])
    for candidate, (_name, divisions) in sections.items():
        if division in divisions:
            if letter and letter != candidate:
                raise IndustryCodeError("section does not match", division=division)
            return candidate
    raise IndustryCodeError("unknown division", division=division)


def sector_group_for_section(letter: str) -> str:
    return "aic" if letter in AGRICULTURE_INDUSTRY_CONSTRUCTION_SECTIONS else "trade_services"
