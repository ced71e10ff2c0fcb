"""The criteria and levels a new award cycle starts with, by the rules in force in its year.

These are only starting points: each cycle keeps its own copy of its criteria (with their
group) and levels as rows staff edit on the cycle's pages, so a change of rules never rewrites
a past cycle.

- **2021–2025**: Decree 132/2008/NĐ-CP as amended by Decree 74/2018/NĐ-CP, Article 27: seven
  criteria, 1,000 points (leadership 120, strategy 85, customers 85, measurement, analysis and
  knowledge management 90, workforce 85, operations 85, results 450); the National Quality
  Award from 600 points and the Gold Award from 800.
- **From 2026**: Decree 37/2026/NĐ-CP of 23/01/2026, Article 57: two criteria groups, 1,000
  points in all — (i) the effectiveness and efficiency of the organization's governance model
  (leadership, strategy, customers, measurement, analysis and knowledge management, workforce,
  operations, results) and (ii) the quality, reliability, excellence or distinctiveness of the
  product or goods; Gold and Silver levels. The decree leaves the points of each criterion to
  the Ministry of Science and Technology's guidance; until it is issued the template keeps the
  governance aspects in the proportions of the former seven criteria (600 points) and gives
  the product group 400. Staff adjust a cycle's points on its criteria page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CycleTemplate:
    first_year: int
    legal_basis: str
    # (group, code, name, maximum points); group "" for criteria not in a group
    criteria: tuple[tuple[str, str, str, int], ...]
    # (code, name, minimum points)
    levels: tuple[tuple[str, str, int], ...]

    @property
    def total_points(self) -> int:
        return sum(points for _group, _code, _name, points in self.criteria)


LEGACY = CycleTemplate(
    first_year=2021,
    legal_basis="Nghị định số 132/2008/NĐ-CP, sửa đổi bởi Nghị định số 74/2018/NĐ-CP",
    criteria=(
        ("", "leadership", "Lãnh đạo", 120),
        ("", "strategy", "Chiến lược", 85),
        ("", "customers", "Định hướng vào khách hàng", 85),
        ("", "measurement", "Đo lường, phân tích và quản lý tri thức", 90),
        ("", "workforce", "Nguồn nhân lực", 85),
        ("", "operations", "Quản lý hoạt động", 85),
        ("", "results", "Kết quả hoạt động", 450),
    ),
    levels=(
        ("gold", "Giải Vàng Chất lượng Quốc gia", 800),
        ("quality", "Giải thưởng Chất lượng Quốc gia", 600),
    ),
)

GOVERNANCE = "Hiệu lực, hiệu quả của mô hình quản trị của tổ chức, doanh nghiệp"
PRODUCT = "Chất lượng, mức độ tin cậy, sự vượt trội hoặc độc đáo của sản phẩm, hàng hóa"

DECREE_37_2026 = CycleTemplate(
    first_year=2026,
    legal_basis="Nghị định số 37/2026/NĐ-CP ngày 23/01/2026",
    criteria=(
        (GOVERNANCE, "leadership", "Lãnh đạo", 72),
        (GOVERNANCE, "strategy", "Chiến lược", 51),
        (GOVERNANCE, "customers", "Khách hàng", 51),
        (GOVERNANCE, "measurement", "Đo lường, phân tích và quản lý tri thức", 54),
        (GOVERNANCE, "workforce", "Lực lượng lao động", 51),
        (GOVERNANCE, "operations", "Vận hành", 51),
        (GOVERNANCE, "results", "Kết quả", 270),
        (PRODUCT, "product_quality", "Chất lượng sản phẩm, hàng hóa", 200),
        (PRODUCT, "product_reliability", "Mức độ tin cậy của sản phẩm, hàng hóa", 100),
        (PRODUCT, "product_distinction", "Sự vượt trội hoặc độc đáo của sản phẩm, hàng hóa", 100),
    ),
    levels=(
        ("gold", "Giải Vàng", 800),
        ("silver", "Giải Bạc", 700),
    ),
)

TEMPLATES = (LEGACY, DECREE_37_2026)


def template_for(year: int) -> CycleTemplate:
    """The template of the rules in force in `year` (the latest that started by then)."""
    found = TEMPLATES[0]
    for template in TEMPLATES:
        if template.first_year <= year:
            found = template
    return found
