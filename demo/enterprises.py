"""Demo data for the enterprises app: a few hundred organizations of the demo province with
valid tax codes, five years of support growing 5–10 % a year in distinct organizations, pilot
models in several states, registrations waiting for review, and the demo enterprise account
acting for one organization with a history. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.portal import demo_organization_count, demo_province_code, demo_seed
from enterprises import services
from enterprises.models import (
    ConsentRecord,
    Membership,
    Organization,
    OrganizationChangeRequest,
    PilotModel,
    ReviewDecision,
    SharingEvent,
    Solution,
    SupportActivity,
    SupportRequest,
)
from enterprises.privacy import PRIVACY_NOTICE_VERSION
from enterprises.taxcode import mst_check_digit
from portal.models import AdministrativeUnit, Role, User

DEMO_MARK = "[demo]"
ORGANIZATION_COUNT = 320
FIRST_YEAR = 2021
FIRST_YEAR_SUPPORTED = 120

# (trade word, VSIC 2018 code, VSIC 2025 code, main products)
TRADES = [
    ("Chè", "1076", "1076", "Chè xanh, chè đen xuất khẩu"),
    ("Gốm sứ", "2393", "2393", "Gốm sứ gia dụng, sứ vệ sinh"),
    ("Cơ khí", "2592", "2592", "Gia công cơ khí, kết cấu thép"),
    ("May mặc", "1410", "1410", "Quần áo may sẵn xuất khẩu"),
    ("Giấy", "1701", "1701", "Giấy và bột giấy"),
    ("Thực phẩm", "1079", "1079", "Thực phẩm chế biến"),
    ("Dược phẩm", "2100", "2100", "Thuốc và dược liệu"),
    ("Vật liệu xây dựng", "2395", "2395", "Gạch không nung, bê tông"),
    ("Phân bón", "2012", "2012", "Phân bón NPK, supe lân"),
    ("Nông sản", "0121", "0121", "Bưởi, chè búp tươi"),
    ("Chế biến gỗ", "1621", "1621", "Ván ép, đồ gỗ nội thất"),
    ("Điện tử", "2610", "2610", "Linh kiện điện tử"),
    ("Hóa chất", "2011", "2011", "Hóa chất cơ bản"),
    ("Logistics", "5210", "5210", "Kho bãi, vận tải hàng hóa"),
    ("Du lịch", "7911", "7911", "Lữ hành, dịch vụ du lịch"),
    ("Bao bì", "1702", "1702", "Bao bì giấy, carton"),
    ("Xây dựng", "4100", "4100", "Xây dựng công trình dân dụng"),
    ("Thương mại", "4690", "4690", "Bán buôn tổng hợp"),
]
PLACES = [
    "Phú Thọ",
    "Việt Trì",
    "Hùng Vương",
    "Đất Tổ",
    "Sông Lô",
    "Thanh Ba",
    "Lâm Thao",
    "Tam Nông",
    "Yên Lập",
    "Đoan Hùng",
    "Vĩnh Phúc",
    "Hòa Bình",
    "Tân Sơn",
    "Cẩm Khê",
    "Hạ Hòa",
    "Phù Ninh",
    "Thanh Thủy",
    "Tam Đảo",
]
FORMS = [
    ("Công ty TNHH", Organization.LegalForm.LLC_MULTI),
    ("Công ty TNHH MTV", Organization.LegalForm.LLC_ONE),
    ("Công ty Cổ phần", Organization.LegalForm.JSC),
    ("Doanh nghiệp tư nhân", Organization.LegalForm.PRIVATE),
]
CAB_NAMES = [
    "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Phú Thọ",
    "Phòng thử nghiệm Vật liệu xây dựng Việt Trì",
    "Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm Phú Thọ",
    "Công ty Cổ phần Giám định và Chứng nhận Hùng Vương",
    "Trung tâm Quan trắc và Thử nghiệm Môi trường Phú Thọ",
    "Phòng thí nghiệm Chất lượng Nông sản Vĩnh Phúc",
    "Trung tâm Kiểm định Kỹ thuật An toàn Hòa Bình",
    "Công ty TNHH Chứng nhận Chất lượng Đất Tổ",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hà", "Đinh", "Cao"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Quốc Dũng",
    "Thu Hà",
    "Đức Hải",
    "Thị Hương",
    "Văn Khánh",
    "Thanh Lâm",
    "Thị Mai",
    "Hữu Nghĩa",
    "Văn Phúc",
    "Thị Quỳnh",
    "Minh Sơn",
    "Văn Thắng",
    "Thị Vân",
]
DEMO_ENTERPRISE_EMAIL = "enterprise@nscl.local"
DEMO_ENTERPRISE_NAME = "Công ty Cổ phần Cơ khí Chính xác Việt Trì"


def demo_tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code with Phú Thọ's prefix 26 (skipping impossible ones)."""
    seq = 1000 + n * 7
    while True:
        nine = f"26{seq:07d}"
        digit = mst_check_digit(nine)
        if digit is not None:
            return nine + digit
        seq += 1


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"


def _figures(rng: random.Random, size: str, sector: str) -> tuple[int, int, int]:
    billion = 1_000_000_000
    if size == "micro":
        return rng.randint(3, 10), rng.randint(1, 3) * billion, rng.randint(1, 3) * billion
    if size == "small":
        top = 100 if sector == "aic" else 50
        return rng.randint(12, top), rng.randint(15, 45) * billion, rng.randint(8, 19) * billion
    if size == "medium":
        top = 200 if sector == "aic" else 100
        return (
            rng.randint(top // 2 + 1, top),
            rng.randint(120, 190) * billion,
            rng.randint(60, 95) * billion,
        )
    return rng.randint(250, 1200), rng.randint(400, 2000) * billion, rng.randint(150, 800) * billion


def _organizations(rng, communes, staff) -> list[Organization]:
    wanted = []
    used_names = set()
    for n in range(demo_organization_count(ORGANIZATION_COUNT)):
        tax_code = demo_tax_code(n)
        if n < len(CAB_NAMES):
            name, legal_form, trade = CAB_NAMES[n], Organization.LegalForm.PUBLIC_UNIT, None
            kind = Organization.Kind.CONFORMITY_ASSESSMENT_BODY
            industry = ("7120", "7120", "Thử nghiệm, giám định, chứng nhận")
        else:
            trade = TRADES[n % len(TRADES)]
            prefix, legal_form = FORMS[rng.randrange(len(FORMS))]
            kind = Organization.Kind.ENTERPRISE
            if trade[0] in ("Nông sản", "Chè") and rng.random() < 0.4:
                prefix, legal_form = "Hợp tác xã", Organization.LegalForm.COOPERATIVE
                kind = Organization.Kind.COOPERATIVE
            name = f"{prefix} {trade[0]} {rng.choice(PLACES)}"
            while name in used_names:
                name = f"{prefix} {trade[0]} {rng.choice(PLACES)} {rng.randint(2, 99)}"
            industry = trade[1:]
        if n == len(CAB_NAMES):
            name, legal_form = DEMO_ENTERPRISE_NAME, Organization.LegalForm.JSC
            kind = Organization.Kind.ENTERPRISE
            industry = ("2592", "2592", "Chi tiết máy, khuôn mẫu chính xác")
        used_names.add(name)
        founded = dt.date(rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28))
        version = "vsic2018" if n % 5 else "vsic2025"
        size = rng.choices(["micro", "small", "medium", "large"], weights=[45, 35, 14, 6])[0]
        organization = Organization(
            kind=kind,
            name=name,
            tax_code=tax_code,
            legal_form=legal_form,
            ownership=Organization.Ownership.STATE
            if legal_form == Organization.LegalForm.PUBLIC_UNIT
            else rng.choice(["private", "private", "private", "foreign", "collective"]),
            founded_on=founded,
            industry_classification=version,
            industry_code=industry[0] if version == "vsic2018" else industry[1],
            commune=rng.choice(communes) if communes else None,
            address=f"Số {rng.randint(1, 250)}, đường {rng.choice(PLACES)}",
            phone=f"0210 3 {rng.randint(100, 999)} {rng.randint(100, 999)}",
            email=f"lienhe{n}@doanhnghiep-demo.vn",
            legal_representative=_person(rng),
            contact_name=_person(rng),
            contact_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            main_products=industry[2],
            status=Organization.Status.ACTIVE,
            decided_by=staff,
            decided_at=dt.datetime(2021, 1, 15, 2, 0, tzinfo=dt.UTC),
            submitted_at=dt.datetime(2021, 1, 10, 2, 0, tzinfo=dt.UTC),
        )
        services.organization_derive(organization)
        employees, revenue, capital = _figures(rng, size, organization.sector_group)
        organization.employees, organization.annual_revenue = employees, revenue
        organization.total_capital = capital
        services.organization_derive(organization)
        wanted.append(organization)
    existing = set(
        Organization.objects.filter(tax_code__in=[o.tax_code for o in wanted]).values_list(
            "tax_code", flat=True
        )
    )
    missing = [o for o in wanted if o.tax_code not in existing]
    if missing:
        bulk_create_with_history(missing, Organization, default_user=staff)
    return list(
        Organization.objects.filter(tax_code__in=[o.tax_code for o in wanted]).order_by("tax_code")
    )


def _year_dates(rng, year: int, today: dt.date) -> dt.date:
    last = min(dt.date(year, 12, 20), today)
    first = dt.date(year, 1, 10)
    if last <= first:
        return first if first <= today else today
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _support(rng, organizations, staff, today) -> int:
    if SupportActivity.objects.filter(description__startswith=DEMO_MARK).exists():
        return 0
    solutions = {s.code: s for s in Solution.objects.all()}
    by_group: dict[str, list[Solution]] = {}
    for solution in solutions.values():
        by_group.setdefault(solution.group, []).append(solution)
    cabs = [o for o in organizations if o.kind == Organization.Kind.CONFORMITY_ASSESSMENT_BODY]
    others = [o for o in organizations if o.kind != Organization.Kind.CONFORMITY_ASSESSMENT_BODY]
    demo_org = next((o for o in organizations if o.name == DEMO_ENTERPRISE_NAME), None)
    created = 0
    # The full demo supports 120 of its 320 organizations in the first year; a smaller one
    # (`seed_demo --organizations N`) the same share.
    target = round(FIRST_YEAR_SUPPORTED * len(organizations) / ORGANIZATION_COUNT)
    for year in range(FIRST_YEAR, today.year + 1):
        if year > FIRST_YEAR:
            target = round(target * (1 + rng.uniform(0.055, 0.095)))
        cab_count = min(len(cabs), 2 + (year - FIRST_YEAR) % 3)
        chosen_cabs = rng.sample(cabs, cab_count)
        chosen = rng.sample(others, min(len(others), target - cab_count))
        if demo_org is not None and demo_org not in chosen:
            chosen[0] = demo_org
        # Seminars and training courses that reached many organizations at once.
        rng.shuffle(chosen)
        start = 0
        seminar = 0
        while start < len(chosen):
            size = rng.randint(25, 40)
            group = chosen[start : start + size]
            start += size
            seminar += 1
            kind = rng.choice([SupportActivity.Kind.DISSEMINATION, SupportActivity.Kind.TRAINING])
            tools = rng.sample(by_group["productivity_tools"], 2)
            title = (
                "Hội thảo phổ biến" if kind == SupportActivity.Kind.DISSEMINATION else "Đào tạo"
            ) + f" {', '.join(t.name.split(' –')[0] for t in tools)} năm {year} – đợt {seminar}"
            services.support_activity_record(
                organizations=group,
                by=staff,
                data={
                    "date": _year_dates(rng, year, today),
                    "kind": kind,
                    "title": title,
                    "description": f"{DEMO_MARK} Sở Khoa học và Công nghệ tổ chức.",
                    "participants": rng.randint(1, 4),
                    "state_budget": rng.randint(2, 6) * 1_000_000,
                    "own_contribution": 0,
                },
                solutions=tools,
            )
            created += len(group)
        # Consulting and certification support for some of them, one by one.
        for organization in rng.sample(chosen, max(1, len(chosen) // 6)):
            system = rng.choice(by_group["management_systems"])
            kind = rng.choice([SupportActivity.Kind.CONSULTING, SupportActivity.Kind.CERTIFICATION])
            date = _year_dates(rng, year, today)
            services.support_activity_record(
                organizations=[organization],
                by=staff,
                data={
                    "date": date,
                    "kind": kind,
                    "title": f"Hỗ trợ xây dựng và áp dụng {system.name.split(' –')[0]}",
                    "description": f"{DEMO_MARK} Hợp đồng tư vấn năm {year}.",
                    "participants": rng.randint(3, 15),
                    "state_budget": rng.randint(20, 60) * 1_000_000,
                    "own_contribution": rng.randint(10, 40) * 1_000_000,
                    "outcome": "Được cấp giấy chứng nhận"
                    if kind == SupportActivity.Kind.CERTIFICATION
                    else "Đã xây dựng hệ thống tài liệu",
                    "certificate_number": f"HT-{year}-{rng.randint(100, 999)}"
                    if kind == SupportActivity.Kind.CERTIFICATION
                    else "",
                    "certificate_body": "Trung tâm Chứng nhận Phù hợp (QUACERT)"
                    if kind == SupportActivity.Kind.CERTIFICATION
                    else "",
                    "certificate_date": date
                    if kind == SupportActivity.Kind.CERTIFICATION
                    else None,
                },
                solutions=[system],
            )
            created += 1
        # Capacity building for conformity assessment bodies.
        for cab in chosen_cabs:
            services.support_activity_record(
                organizations=[cab],
                by=staff,
                data={
                    "date": _year_dates(rng, year, today),
                    "kind": SupportActivity.Kind.CAPACITY_BUILDING,
                    "title": f"Nâng cao năng lực thử nghiệm, chứng nhận năm {year}",
                    "description": f"{DEMO_MARK} Đầu tư thiết bị và đào tạo thử nghiệm viên.",
                    "participants": rng.randint(3, 10),
                    "state_budget": rng.randint(100, 400) * 1_000_000,
                    "own_contribution": rng.randint(20, 100) * 1_000_000,
                },
                solutions=rng.sample(by_group["cab_capacity"], 2),
            )
            created += 1
    return created


def _pilot_models(rng, organizations, staff, today) -> int:
    if PilotModel.objects.filter(notes__startswith=DEMO_MARK).exists():
        return 0
    solutions = {s.code: s for s in Solution.objects.all()}
    plans = [
        (
            DEMO_ENTERPRISE_NAME,
            "Mô hình Lean – 5S – Kaizen tại xưởng gia công chính xác",
            2022,
            "recognized",
            ["lean", "5s", "kaizen"],
        ),
        (
            None,
            "Mô hình áp dụng ISO 9001 và 7 công cụ thống kê trong sản xuất chè",
            2022,
            "recognized",
            ["iso-9001", "7-qc-tools"],
        ),
        (None, "Mô hình TPM nâng cao hiệu suất thiết bị gốm sứ", 2023, "evaluated", ["tpm", "5s"]),
        (
            None,
            "Mô hình truy xuất nguồn gốc bưởi Đoan Hùng",
            2024,
            "implementing",
            ["traceability", "vietgap"],
        ),
        (
            None,
            "Mô hình KPI/BSC trong doanh nghiệp may mặc",
            2025,
            "implementing",
            ["kpi-bsc", "kaizen"],
        ),
        (None, "Mô hình quản lý năng lượng ISO 50001", today.year, "selected", ["iso-50001"]),
    ]
    candidates = [
        o
        for o in organizations
        if o.kind == Organization.Kind.ENTERPRISE and o.name != DEMO_ENTERPRISE_NAME
    ]
    rng.shuffle(candidates)
    created = 0
    for index, (name, title, year, status, codes) in enumerate(plans):
        organization = next((o for o in organizations if o.name == name), None) or candidates[index]
        pilot = services.pilot_model_create(
            organization=organization,
            by=staff,
            data={
                "title": title,
                "selected_on": min(dt.date(year, 3, 15), today),
                "baseline_productivity": Decimal(100 + rng.randint(0, 50)),
                "productivity_unit": "sản phẩm/người/ca",
                "baseline_defect_rate": Decimal(rng.randint(30, 80)) / 10,
                "notes": f"{DEMO_MARK} Mô hình điểm của Kế hoạch.",
            },
            solutions=[solutions[c] for c in codes if c in solutions],
        )
        steps = ["implementing", "evaluated", "recognized"]
        wanted = steps[: steps.index(status) + 1] if status in steps else []
        date = pilot.selected_on
        for step in wanted:
            date = min(date + dt.timedelta(days=120), today)
            if step == "evaluated":
                services.pilot_model_update(
                    pilot=pilot,
                    by=staff,
                    data={
                        "result_productivity": pilot.baseline_productivity + rng.randint(15, 40),
                        "result_defect_rate": (
                            Decimal(pilot.baseline_defect_rate or 0) / 2
                        ).quantize(Decimal("0.01")),
                        "cost_savings": rng.randint(200, 900) * 1_000_000,
                        "energy_savings_percent": Decimal(rng.randint(5, 18)),
                    },
                )
            services.pilot_model_transition(
                pilot=pilot,
                by=staff,
                to=step,
                on=date,
                recognition_decision=f"{rng.randint(100, 999)}/QĐ-SKHCN"
                if step == "recognized"
                else "",
            )
        if status in ("evaluated", "recognized"):
            services.sharing_event_add(
                pilot=pilot,
                by=staff,
                data={
                    "kind": SharingEvent.Kind.SITE_VISIT,
                    "date": min(date + dt.timedelta(days=30), today),
                    "title": f"Tham quan, chia sẻ {title[0].lower()}{title[1:]}",
                    "participants": rng.randint(30, 80),
                    "organizations_attending": rng.randint(10, 30),
                },
            )
        if status == "recognized":
            # Organizations that replicated the recognised model after the site visit.
            shared_on = min(date + dt.timedelta(days=30), today)
            others = [
                org for org in candidates[len(plans) :] if org.status == Organization.Status.ACTIVE
            ]
            for replicating in others[index * 2 : index * 2 + 2]:
                services.pilot_replication_add(
                    pilot=pilot,
                    organization=replicating,
                    replicated_on=min(shared_on + dt.timedelta(days=rng.randint(30, 150)), today),
                    notes=f"Áp dụng {title[0].lower()}{title[1:]}",
                    by=staff,
                )
        created += 1
    return created


def _account(email: str, name: str, group: Group, *, active: bool = True) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "is_active": active}
    )
    if created:
        from demo.portal import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(group)
    return user


def _waiting_for_staff(rng, organizations, communes, staff, today) -> int:
    """Registrations to review, a join request, a change request and open support requests."""
    group = Group.objects.get(name=Role.ENTERPRISE)
    now = timezone.now()
    pending = [
        ("Công ty TNHH Nông sản sạch Tam Nông", Organization.Status.PENDING, ""),
        ("Hợp tác xã Chè Shan Tuyết Tân Sơn", Organization.Status.PENDING, ""),
        ("Công ty Cổ phần Bao bì Lâm Thao Xanh", Organization.Status.PENDING, ""),
        ("Công ty TNHH Dịch vụ Kỹ thuật Hòa Bình", Organization.Status.PENDING, ""),
        (
            "Công ty TNHH Thực phẩm Đất Tổ",
            Organization.Status.CHANGES_REQUESTED,
            "Bổ sung mã ngành kinh tế và số lao động tham gia bảo hiểm xã hội.",
        ),
    ]
    created = 0
    for index, (name, status, reason) in enumerate(pending):
        tax_code = demo_tax_code(demo_organization_count(ORGANIZATION_COUNT) + index)
        if Organization.objects.filter(tax_code=tax_code).exists():
            continue
        user = _account(f"dangky{index + 1}@doanhnghiep-demo.vn", _person(rng), group)
        organization = Organization(
            name=name,
            tax_code=tax_code,
            kind=Organization.Kind.COOPERATIVE if name.startswith("Hợp tác xã") else "enterprise",
            legal_form=Organization.LegalForm.COOPERATIVE
            if name.startswith("Hợp tác xã")
            else Organization.LegalForm.LLC_MULTI,
            industry_classification="vsic2025",
            industry_code="" if status == Organization.Status.CHANGES_REQUESTED else "1079",
            employees=rng.randint(5, 40),
            annual_revenue=rng.randint(2, 20) * 1_000_000_000,
            commune=rng.choice(communes) if communes else None,
            contact_name=user.full_name,
            contact_email=user.email,
            status=status,
            status_reason=reason,
            submitted_at=now - dt.timedelta(days=index + 1),
        )
        services.organization_derive(organization)
        organization.save()
        Membership.objects.create(
            user=user,
            organization=organization,
            role=Membership.Role.REPRESENTATIVE,
            status=Membership.Status.ACTIVE,
        )
        ConsentRecord.objects.create(
            user=user,
            organization=organization,
            purpose=ConsentRecord.Purpose.REGISTRATION,
            notice_version=PRIVACY_NOTICE_VERSION,
            given_at=now - dt.timedelta(days=index + 1),
        )
        ReviewDecision.objects.create(
            organization=organization, action=ReviewDecision.Action.SUBMITTED, by=user
        )
        if reason:
            ReviewDecision.objects.create(
                organization=organization,
                action=ReviewDecision.Action.CHANGES_REQUESTED,
                by=staff,
                reason=reason,
            )
        created += 1

    # Someone asks to join an organization already registered.
    target = organizations[20]
    joiner = _account("thanhvien@doanhnghiep-demo.vn", "Ngô Thị Lan Anh", group)
    Membership.objects.get_or_create(
        user=joiner,
        organization=target,
        defaults={
            "status": Membership.Status.PENDING,
            "message": "Tôi là trưởng phòng chất lượng.",
        },
    )
    # A representative asks to change the name.
    renamed = organizations[30]
    if not renamed.change_requests.exists():
        OrganizationChangeRequest.objects.create(
            organization=renamed,
            old_name=renamed.name,
            old_tax_code=renamed.tax_code,
            new_name=renamed.name.replace("Công ty TNHH", "Công ty Cổ phần"),
            new_tax_code=renamed.tax_code,
            note="Chuyển đổi loại hình doanh nghiệp theo Giấy chứng nhận đăng ký doanh nghiệp mới.",
            requested_by=joiner,
        )
    # Open support requests.
    solutions = list(
        Solution.objects.filter(Q(group="management_systems") | Q(group="productivity_tools"))
    )
    for organization in organizations[40:46]:
        if not organization.support_requests.exists():
            request = SupportRequest.objects.create(
                organization=organization,
                need="Đề nghị được hỗ trợ tư vấn, đào tạo áp dụng "
                + rng.choice(solutions).name.split(" –")[0]
                + " trong năm nay.",
            )
            request.solutions.set(rng.sample(solutions, 2))
    return created


def _demo_enterprise(organizations, staff) -> None:
    """The demo enterprise account acts for one active organization with a history."""
    user = User.objects.filter(email=DEMO_ENTERPRISE_EMAIL).first()
    organization = next((o for o in organizations if o.name == DEMO_ENTERPRISE_NAME), None)
    if user is None or organization is None:
        return
    Membership.objects.get_or_create(
        user=user,
        organization=organization,
        defaults={"role": Membership.Role.REPRESENTATIVE, "status": Membership.Status.ACTIVE},
    )
    if not organization.decisions.exists():
        ReviewDecision.objects.create(
            organization=organization,
            action=ReviewDecision.Action.APPROVED,
            by=staff,
            reason="Đăng ký tham gia Chương trình năm 2021.",
        )
    if not organization.support_requests.exists():
        request = SupportRequest.objects.create(
            organization=organization,
            created_by=user,
            need="Đề nghị hỗ trợ tư vấn áp dụng ISO 14001 cho nhà máy mới.",
        )
        request.solutions.set(Solution.objects.filter(code="iso-14001"))


def seed(stdout) -> None:
    rng = random.Random(demo_seed())  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    staff = User.objects.filter(email="staff@nscl.local").first()
    communes = list(
        AdministrativeUnit.objects.filter(
            parent__code=demo_province_code(),
            level=AdministrativeUnit.Level.COMMUNE,
            effective_to__isnull=True,
        ).order_by("code")
    )
    organizations = _organizations(rng, communes, staff)
    activities = _support(rng, organizations, staff, today)
    pilots = _pilot_models(rng, organizations, staff, today)
    waiting = _waiting_for_staff(rng, organizations, communes, staff, today)
    _demo_enterprise(organizations, staff)
    stdout.write(
        f"  enterprises: {len(organizations)} organizations, {activities} support rows added, "
        f"{pilots} pilot models added, {waiting} registrations waiting"
    )
