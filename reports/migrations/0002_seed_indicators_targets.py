"""Seed the plan's indicators and targets (DESIGN §3, from the provincial plan); staff edit
them afterwards, every change keeping a revision."""

from decimal import Decimal

from django.db import migrations

SEED_REASON = "Theo Kế hoạch thực hiện Chương trình quốc gia về năng suất chất lượng giai đoạn 2021–2030 của tỉnh (dữ liệu khởi tạo)."

INDICATORS = [
    # code, name (vi), name (en), unit, counting, task group, how it is counted
    (
        "SUPPORTED_ORGS",
        "Số doanh nghiệp, tổ chức được phổ biến, đào tạo, hướng dẫn áp dụng tiêu chuẩn, quy chuẩn kỹ thuật, hệ thống quản lý, công cụ cải tiến năng suất chất lượng",
        "Organizations disseminated, trained or guided to apply standards, regulations, management systems and productivity tools",
        "organizations",
        "per_year",
        "support",
        "Số tổ chức khác nhau có ít nhất một hoạt động hỗ trợ được ghi nhận trong năm (không tính hoạt động đã hủy).",
    ),
    (
        "EXPERTS_TRAINED",
        "Số cán bộ, công chức, chuyên gia được đào tạo chuyên sâu về năng suất chất lượng",
        "Officials and experts trained in depth in productivity and quality",
        "people",
        "cumulative",
        "training",
        "Số người khác nhau (theo thư điện tử) đạt khóa đào tạo chuyên sâu kết thúc từ đầu giai đoạn đến hết năm.",
    ),
    (
        "PILOT_MODELS",
        "Số doanh nghiệp xây dựng mô hình điểm về năng suất chất lượng để chia sẻ, nhân rộng",
        "Organizations with a pilot model to share and replicate",
        "organizations",
        "cumulative",
        "pilot_models",
        "Số tổ chức khác nhau có mô hình điểm được lựa chọn từ đầu giai đoạn đến hết năm.",
    ),
    (
        "NQA_WINNERS",
        "Số doanh nghiệp tham gia và đạt Giải thưởng Chất lượng Quốc gia",
        "Organizations taking part in and winning the National Quality Award",
        "organizations",
        "cumulative",
        "award",
        "Số tổ chức khác nhau đạt giải trong các kỳ giải thưởng từ đầu giai đoạn đến hết năm (số tổ chức tham gia kèm theo).",
    ),
    (
        "AWARENESS_REACH",
        "Số lượt người được tiếp cận qua hoạt động thông tin, tuyên truyền và hội thảo nâng cao nhận thức",
        "People reached by communication and awareness activities",
        "people",
        "per_year",
        "communication",
        "Số người tiếp cận qua các hoạt động truyền thông đã đăng trong năm cộng số người khác nhau dự hội thảo nâng cao nhận thức.",
    ),
    (
        "CAB_STRENGTHENED",
        "Số tổ chức kiểm định, thử nghiệm, đánh giá chứng nhận được tăng cường năng lực",
        "Conformity assessment bodies whose capacity was strengthened",
        "organizations",
        "cumulative",
        "cab",
        "Số tổ chức đánh giá sự phù hợp khác nhau được hỗ trợ tăng cường năng lực từ đầu giai đoạn đến hết năm.",
    ),
    (
        "MGMT_TRAINED",
        "Số cán bộ, công chức được đào tạo nâng cao năng lực quản lý Chương trình",
        "Staff trained in program management",
        "people",
        "cumulative",
        "training",
        "Số người khác nhau đã dự khóa đào tạo quản lý Chương trình từ đầu giai đoạn đến hết năm.",
    ),
    (
        "BUDGET_SPENT",
        "Kinh phí ngân sách nhà nước đã thanh quyết toán theo hợp đồng",
        "State budget settled under contracts",
        "vnd",
        "per_year",
        "budget",
        "Tổng số tiền đã thanh quyết toán của các hợp đồng được quyết toán trong năm.",
    ),
]

# code, phase code, year (None: milestone at the phase's end), kind, terms
TARGETS = (
    [("SUPPORTED_ORGS", "2021-2025", year, "growth_range", {"growth_min_percent": 5, "growth_max_percent": 10}) for year in range(2021, 2026)]
    + [("SUPPORTED_ORGS", "2026-2030", year, "growth_range", {"growth_min_percent": 10, "growth_max_percent": 15}) for year in range(2026, 2031)]
    + [
        ("EXPERTS_TRAINED", "2021-2025", None, "range", {"minimum": 10, "maximum": 20}),
        ("PILOT_MODELS", "2021-2025", None, "at_least", {"value": 2}),
        ("PILOT_MODELS", "2026-2030", None, "at_least", {"value": 5}),
        ("NQA_WINNERS", "2021-2025", None, "at_least", {"value": 3}),
    ]
)


def _terms(target):
    def num(value):
        return None if value is None else str(value)

    return {
        "kind": target.kind,
        "value": num(target.value),
        "minimum": num(target.minimum),
        "maximum": num(target.maximum),
        "growth_min_percent": num(target.growth_min_percent),
        "growth_max_percent": num(target.growth_max_percent),
        "note": target.note,
    }


def forwards(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Target = apps.get_model("reports", "Target")
    TargetRevision = apps.get_model("reports", "TargetRevision")
    Phase = apps.get_model("portal", "Phase")
    indicators = {}
    for order, (code, name, name_en, unit, counting, group, description) in enumerate(INDICATORS, 1):
        indicators[code], _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "counting": counting,
                "task_group": group,
                "description": description,
                "source": "computed",
                "order": order * 10,
            },
        )
    phases = {phase.code: phase for phase in Phase.objects.all()}
    for code, phase_code, year, kind, terms in TARGETS:
        phase = phases.get(phase_code)
        if phase is None:
            continue
        target, created = Target.objects.get_or_create(
            indicator=indicators[code],
            phase=phase,
            year=year,
            defaults={"kind": kind, **{key: Decimal(value) for key, value in terms.items()}},
        )
        if created:
            TargetRevision.objects.create(
                target=target, old_terms=None, new_terms=_terms(target), reason=SEED_REASON
            )


def backwards(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    Indicator.objects.filter(code__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("portal", "0002_roles_phases_schedule"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
