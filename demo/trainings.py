"""Demo data for trainings: five years of courses of every kind with their participants,
results and certificates, the expert pool, consultants and contracts in every state.

Idempotent: courses are keyed by code and contracts by title, so a second run adds nothing.
Works with or without organizations (links some participants to them when present).
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from demo.portal import demo_province_code, demo_seed
from enterprises.models import Membership, Organization, Solution
from portal.models import AdministrativeUnit, User
from trainings import services
from trainings.models import Consultant, Contract, Course, Enrollment, Expert

S = Enrollment.Status
K = Course.Kind
P = Enrollment.ParticipantType

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hải", "Thanh", "Hồng", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
]
WORKPLACES = [
    "Công ty Cổ phần Chè Phú Thọ",
    "Công ty TNHH Cơ khí Việt Trì",
    "Hợp tác xã Bưởi Đoan Hùng",
    "Công ty Cổ phần Giấy Lửa Việt",
    "Công ty TNHH May Thanh Sơn",
    "Công ty Cổ phần Gạch ốp lát Phú Thọ",
    "Hợp tác xã Nông nghiệp Thanh Thủy",
    "Công ty TNHH Thực phẩm Hùng Vương",
]
STATE_WORKPLACES = [
    "Sở Khoa học và Công nghệ tỉnh Phú Thọ",
    "Sở Công Thương tỉnh Phú Thọ",
    "Sở Nông nghiệp và Môi trường tỉnh Phú Thọ",
    "UBND phường Việt Trì",
    "UBND xã Thanh Sơn",
]
VENUES = [
    "Hội trường Sở Khoa học và Công nghệ, phường Việt Trì",
    "Trung tâm Hội nghị tỉnh Phú Thọ, phường Việt Trì",
    "Khách sạn Sông Hồng, phường Việt Trì",
]

# Solutions by keywords of their code or name (the catalog is seeded by the enterprises app).
SOLUTION_HINTS = {
    "5s": ["5s"],
    "kaizen": ["kaizen"],
    "lean": ["lean"],
    "iso9001": ["9001"],
    "iso14001": ["14001"],
    "haccp": ["22000", "haccp"],
    "kpi": ["kpi", "bsc"],
    "tpm": ["tpm"],
    "qc": ["7 qc", "qc"],
}


def _solutions() -> dict[str, list[Solution]]:
    found = {}
    catalog = list(Solution.objects.all())
    for key, hints in SOLUTION_HINTS.items():
        found[key] = [
            s for s in catalog if any(h in (s.code + " " + s.name).lower() for h in hints)
        ][:1]
    return found


def _person(rng: random.Random, index: int, prefix: str) -> tuple[str, str]:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return name, f"{prefix}{index}@demo.nscl.local"


def _course_specs(this_year: int) -> list[dict]:
    specs = []
    for year in range(2021, this_year + 1):
        specs += [
            {
                "code": f"HT-{year}-01",
                "title": f"Hội thảo nâng cao nhận thức về năng suất chất lượng năm {year}",
                "kind": K.AWARENESS,
                "month": 4,
                "days": 1,
                "capacity": 150,
                "attend": 80 + 8 * (year - 2021),
                "solutions": ["iso9001", "5s"],
            },
            {
                "code": f"HT-{year}-02",
                "title": (
                    f"Hội thảo phổ biến công cụ cải tiến năng suất cho doanh nghiệp nhỏ và vừa {year}"
                ),
                "kind": K.AWARENESS,
                "month": 9,
                "days": 1,
                "capacity": 120,
                "attend": 60 + 6 * (year - 2021),
                "solutions": ["kaizen", "lean"],
            },
            {
                "code": f"CC-{year}-01",
                "title": f"Đào tạo áp dụng 5S và Kaizen tại doanh nghiệp năm {year}",
                "kind": K.TOOL,
                "month": 6,
                "days": 3,
                "capacity": 35,
                "attend": 28,
                "solutions": ["5s", "kaizen"],
            },
        ]
        if year % 2 == 0:
            specs.append(
                {
                    "code": f"CC-{year}-02",
                    "title": f"Đào tạo chuyên gia đánh giá nội bộ ISO 9001:2015 năm {year}",
                    "kind": K.TOOL,
                    "month": 10,
                    "days": 2,
                    "capacity": 30,
                    "attend": 24,
                    "solutions": ["iso9001"],
                }
            )
        if year in (2021, 2023, 2025):
            specs.append(
                {
                    "code": f"QL-{year}-01",
                    "title": (
                        f"Tập huấn nghiệp vụ quản lý Chương trình năng suất chất lượng năm {year}"
                    ),
                    "kind": K.MANAGEMENT,
                    "month": 5,
                    "days": 2,
                    "capacity": 40,
                    "attend": 18,
                    "solutions": [],
                }
            )
        if 2022 <= year <= 2025:
            specs.append(
                {
                    "code": f"CS-{year}-01",
                    "title": f"Đào tạo chuyên gia năng suất chất lượng chuyên sâu khóa {year - 2021}",
                    "kind": K.IN_DEPTH,
                    "month": 7,
                    "days": 10,
                    "capacity": 10,
                    "attend": 7 - (year - 2022),
                    "pass": 6 - (year - 2022),
                    "solutions": ["lean", "kaizen", "tpm", "kpi"],
                }
            )
    return specs


def _upcoming_specs(today: dt.date) -> list[dict]:
    return [
        {
            "code": f"CS-{today.year}-91",
            "title": "Đào tạo chuyên gia năng suất chất lượng chuyên sâu, khóa mới",
            "kind": K.IN_DEPTH,
            "starts_on": today + dt.timedelta(days=21),
            "days": 10,
            "capacity": 10,
            "registrations": 12,  # two go to the waiting list
            "solutions": ["lean", "kaizen"],
        },
        {
            "code": f"CC-{today.year}-91",
            "title": "Đào tạo áp dụng Lean Six Sigma trong sản xuất",
            "kind": K.TOOL,
            "starts_on": today + dt.timedelta(days=3),
            "days": 2,
            "capacity": 30,
            "registrations": 18,
            "solutions": ["lean"],
        },
        {
            "code": f"HT-{today.year}-91",
            "title": "Hội thảo trực tuyến: công cụ sản xuất thông minh cho doanh nghiệp",
            "kind": K.AWARENESS,
            "starts_on": today + dt.timedelta(days=12),
            "days": 1,
            "capacity": 300,
            "registrations": 45,
            "online": True,
            "solutions": ["iso9001"],
        },
        {
            "code": f"CC-{today.year}-92",
            "title": "Đào tạo xây dựng hệ thống quản lý ISO 14001:2015",
            "kind": K.TOOL,
            "starts_on": today + dt.timedelta(days=45),
            "days": 3,
            "capacity": 30,
            "registrations": 0,
            "status": Course.Status.DRAFT,
            "solutions": ["iso14001"],
        },
    ]


class _Demo:
    def __init__(self, stdout):
        self.stdout = stdout
        self.rng = random.Random(demo_seed())  # noqa: S311 - deterministic on purpose
        self.today = timezone.localdate()
        self.staff = User.objects.filter(email="staff@nscl.local").first()
        self.solutions = _solutions()
        self.organizations = list(
            Organization.objects.filter(status=Organization.Status.ACTIVE).order_by("id")[:40]
        )
        self.person_index = 0
        self.created_courses = 0

    def solutions_for(self, keys) -> list[Solution]:
        return [s for key in keys for s in self.solutions.get(key, [])]

    def next_person(self, kind: str) -> dict:
        self.person_index += 1
        name, email = _person(self.rng, self.person_index, "hocvien")
        if kind in (K.MANAGEMENT,) or self.rng.random() < 0.15:
            return {
                "full_name": name,
                "email": email,
                "workplace": self.rng.choice(STATE_WORKPLACES),
                "participant_type": P.STATE_OFFICIAL,
                "organization": None,
            }
        organization = self.rng.choice(self.organizations) if self.organizations else None
        return {
            "full_name": name,
            "email": email,
            "workplace": organization.name if organization else self.rng.choice(WORKPLACES),
            "participant_type": P.ENTERPRISE_STAFF,
            "organization": organization,
        }

    def course(self, spec, starts_on, status) -> tuple[Course, bool]:
        course = Course.objects.filter(code=spec["code"]).first()
        if course:
            return course, False
        course = Course(
            code=spec["code"],
            title=spec["title"],
            kind=spec["kind"],
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=spec["days"] - 1),
            registration_deadline=starts_on - dt.timedelta(days=3),
            venue="" if spec.get("online") else self.rng.choice(VENUES),
            is_online=bool(spec.get("online")),
            capacity=spec["capacity"],
            status=status,
            lecturer="Trung tâm Năng suất Việt Nam (Viện Năng suất Việt Nam)",
            description=(
                "Khóa học thuộc Kế hoạch thực hiện Chương trình quốc gia hỗ trợ doanh nghiệp "
                "nâng cao năng suất và chất lượng sản phẩm, hàng hóa của tỉnh."
            ),
            created_by=self.staff,
        )
        course.full_clean()
        course.save()
        course.solutions.set(self.solutions_for(spec["solutions"]))
        self.created_courses += 1
        return course, True

    def past_course(self, spec, year):
        starts_on = dt.date(year, spec["month"], 8)
        if starts_on + dt.timedelta(days=spec["days"]) >= self.today:
            return None
        course, created = self.course(spec, starts_on, Course.Status.COMPLETED)
        if not created:
            return course
        attend = spec["attend"]
        passes = spec.get("pass", attend - 2 if spec["kind"] != K.AWARENESS else 0)
        enrollments = []
        for index in range(attend + 2):
            person = self.next_person(spec["kind"])
            if index >= attend:
                status = S.CONFIRMED  # registered and confirmed, but did not come
            elif spec["kind"] == K.AWARENESS or spec["kind"] == K.MANAGEMENT:
                status = S.ATTENDED
            else:
                status = S.PASSED if index < passes else S.FAILED
            enrollments.append(
                Enrollment(
                    course=course,
                    phone=f"09{self.rng.randint(10_000_000, 99_999_999)}",
                    status=status,
                    confirmed_at=timezone.now(),
                    score=(
                        self.rng.randint(70, 98)
                        if status == S.PASSED
                        else self.rng.randint(35, 49)
                        if status == S.FAILED
                        else None
                    ),
                    **person,
                )
            )
        Enrollment.objects.bulk_create(enrollments)
        self.certify(course)
        return course

    def certify(self, course):
        """Certificates for passes, and the expert pool for in-depth courses (as the results
        service does, without the e-mails)."""
        for enrollment in course.enrollments.filter(status=S.PASSED).select_related("course"):
            enrollment.certificate_number = services.certificate_number_for(enrollment)
            enrollment.verification_code = Enrollment.new_verification_code()
            enrollment.certificate_issued_at = timezone.make_aware(
                dt.datetime.combine(course.ends_on, dt.time(16, 0))
            )
            enrollment.save(
                update_fields=["certificate_number", "verification_code", "certificate_issued_at"]
            )
            if course.kind == K.IN_DEPTH:
                services.expert_add_from_enrollment(enrollment=enrollment, by=None)

    def upcoming_course(self, spec):
        status = spec.get("status", Course.Status.OPEN)
        course, created = self.course(spec, spec["starts_on"], status)
        if not created:
            return course
        for index in range(spec["registrations"]):
            person = self.next_person(spec["kind"])
            Enrollment.objects.create(
                course=course,
                phone=f"09{self.rng.randint(10_000_000, 99_999_999)}",
                status=(
                    S.WAITLISTED
                    if index >= course.capacity
                    else S.CONFIRMED
                    if index < spec["registrations"] // 2
                    else S.REGISTERED
                ),
                **person,
            )
        return course

    def demo_enterprise_user(self, past: list[Course], upcoming: list[Course]):
        """Give the demo enterprise account a certificate and an upcoming course."""
        user = User.objects.filter(email="enterprise@nscl.local").first()
        if user is None:
            return
        membership = (
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
            .select_related("organization")
            .first()
        )
        organization = membership.organization if membership else None
        details = {
            "full_name": user.full_name or user.email,
            "email": user.email,
            "user": user,
            "organization": organization,
            "workplace": organization.name if organization else WORKPLACES[0],
            "phone": user.phone or "0912345678",
        }
        tool_course = next((c for c in past if c.kind == K.TOOL), None)
        if tool_course and not tool_course.enrollments.filter(email=user.email).exists():
            Enrollment.objects.create(course=tool_course, status=S.PASSED, score=91, **details)
            self.certify(tool_course)
        if any(c.enrollments.filter(email=user.email).exists() for c in upcoming):
            return
        open_course = next(
            (
                c
                for c in upcoming
                if c.status == Course.Status.OPEN
                and c.enrollments.filter(status__in=Enrollment.PLACE_HOLDING).count() < c.capacity
            ),
            None,
        )
        if open_course:
            Enrollment.objects.create(course=open_course, status=S.CONFIRMED, **details)

    def experts(self):
        communes = list(
            AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.COMMUNE, parent__code=demo_province_code()
            ).order_by("code")[:12]
        )
        added = [
            ("Phạm Quang Huy", "huy.pq@demo.nscl.local", "Trường Đại học Hùng Vương", ["lean"]),
            (
                "Ngô Thị Thu Hà",
                "ha.ntt@demo.nscl.local",
                "Chi cục Tiêu chuẩn Đo lường Chất lượng",
                ["iso9001", "iso14001"],
            ),
            (
                "Đặng Minh Khoa",
                "khoa.dm@demo.nscl.local",
                "Công ty TNHH Tư vấn Quản lý Việt Trì",
                ["5s", "kaizen", "qc"],
            ),
        ]
        for name, email, workplace, keys in added:
            if Expert.objects.filter(email=email).exists():
                continue
            services.expert_create(
                by=None,
                full_name=name,
                email=email,
                workplace=workplace,
                phone="0210 3 8" + str(self.rng.randint(10_000, 99_999)),
                commune=self.rng.choice(communes) if communes else None,
                expertise=self.solutions_for(keys),
            )
        if communes:
            for expert in Expert.objects.filter(commune__isnull=True):
                expert.commune = communes[expert.pk % len(communes)]
                expert.save(update_fields=["commune", "updated_at"])

    def consultants(self) -> list[Consultant]:
        rows = [
            (
                "Trung tâm Năng suất Việt Nam",
                "0100109385",
                "Số 8 Hoàng Quốc Việt, Cầu Giấy, Hà Nội",
            ),
            ("Công ty Cổ phần Tư vấn Quản lý Chất lượng Việt", "0101245486", "Đống Đa, Hà Nội"),
            (
                "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Phú Thọ",
                "2600109011",
                "Việt Trì, Phú Thọ",
            ),
            ("Công ty TNHH Đào tạo và Tư vấn Lean Việt Nam", "0105987456", "Thanh Xuân, Hà Nội"),
        ]
        consultants = []
        for name, base, address in rows:
            tax_code = _valid_tax_code(base)
            consultant = Consultant.objects.filter(tax_code=tax_code).first()
            if consultant is None:
                consultant = services.consultant_create(
                    by=None,
                    name=name,
                    tax_code=tax_code,
                    address=address,
                    representative=f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}",
                    phone="024 3" + str(self.rng.randint(1_000_000, 9_999_999)),
                    capabilities=self.solutions_for(["lean", "kaizen", "iso9001", "5s"]),
                )
            consultants.append(consultant)
        return consultants

    def contracts(self, consultants: list[Consultant]):
        this_year = self.today.year
        methods = Contract.SelectionMethod
        plans = []
        for year in range(2021, this_year + 1):
            courses = list(Course.objects.filter(starts_on__year=year).exclude(status="draft"))
            for kind, value, method in (
                (K.IN_DEPTH, 420_000_000, methods.COMPETITIVE_SHOPPING),
                (K.AWARENESS, 68_500_000, methods.SHORTENED_DIRECT_APPOINTMENT),
                (K.TOOL, 185_000_000, methods.SHORTENED_DIRECT_APPOINTMENT),
                (K.MANAGEMENT, 96_000_000, methods.DIRECT_PROCUREMENT),
            ):
                scope = [c for c in courses if c.kind == kind]
                if scope:
                    plans.append((year, kind, value + 3_500_000 * (year - 2021), method, scope))
        for index, (year, kind, value, method, scope) in enumerate(plans):
            title = {
                K.IN_DEPTH: f"Hợp đồng đào tạo chuyên gia năng suất chất lượng chuyên sâu năm {year}",
                K.AWARENESS: f"Hợp đồng tổ chức hội thảo nâng cao nhận thức năm {year}",
                K.TOOL: f"Hợp đồng đào tạo công cụ cải tiến năng suất năm {year}",
                K.MANAGEMENT: f"Hợp đồng tập huấn quản lý Chương trình năm {year}",
            }[kind]
            if Contract.objects.filter(title=title).exists():
                continue
            contract = services.contract_create(
                title=title,
                consultant=consultants[index % len(consultants)],
                selection_method=method,
                value=value,
                scope="; ".join(c.title for c in scope),
                courses=scope,
                by=self.staff,
            )
            self.advance(contract, year, scope, final=self.final_state(year, kind))

    def final_state(self, year: int, kind: str) -> str:
        if year <= self.today.year - 2:
            return Contract.Status.SETTLED
        last_year: dict[str, str] = {
            K.IN_DEPTH: Contract.Status.ACCEPTED,
            K.AWARENESS: Contract.Status.SETTLED,
            K.TOOL: Contract.Status.TERMINATED,
        }
        if year == self.today.year - 1:
            return last_year.get(kind, Contract.Status.SETTLED)
        this_year: dict[str, str] = {
            K.IN_DEPTH: Contract.Status.SIGNED,
            K.AWARENESS: Contract.Status.IN_PROGRESS,
            K.TOOL: Contract.Status.DRAFT,
        }
        return this_year.get(kind, Contract.Status.IN_PROGRESS)

    def advance(self, contract, year, scope, final):
        if final == Contract.Status.DRAFT:
            return
        first = min(c.starts_on for c in scope)
        last = max(c.ends_on for c in scope)
        signed_on = min(first - dt.timedelta(days=20), self.today)
        if signed_on.year < year:
            signed_on = dt.date(year, 1, 15)
        services.contract_sign(
            contract=contract,
            decision_number=f"{contract.pk + 40}/QĐ-SKHCN",
            decision_date=signed_on - dt.timedelta(days=7),
            contract_number=f"{contract.pk:02d}/{year}/HĐ-SKHCN",
            signed_on=signed_on,
            ends_on=max(last + dt.timedelta(days=30), signed_on),
            by=self.staff,
        )
        if final == Contract.Status.SIGNED:
            return
        starts_on = min(first - dt.timedelta(days=5), self.today)
        starts_on = max(starts_on, signed_on)
        services.contract_start(contract=contract, starts_on=starts_on, by=self.staff)
        services.contract_log_add(
            contract=contract,
            date=min(first, self.today),
            note="Kiểm tra công tác tổ chức lớp: tài liệu, giảng viên và học viên đúng kế hoạch.",
            by=self.staff,
        )
        if final == Contract.Status.IN_PROGRESS:
            return
        if final == Contract.Status.TERMINATED:
            services.contract_terminate(
                contract=contract,
                terminated_on=min(starts_on + dt.timedelta(days=30), self.today),
                reason="Đơn vị tư vấn không bố trí được giảng viên theo hợp đồng; hai bên thống "
                "nhất thanh lý hợp đồng.",
                by=self.staff,
            )
            return
        accepted_on = min(last + dt.timedelta(days=20), self.today)
        accepted = contract.value - (contract.value // 100) * self.rng.randint(0, 4)
        accepted -= accepted % 1000
        services.contract_accept(
            contract=contract, accepted_on=accepted_on, accepted_amount=accepted, by=self.staff
        )
        if final == Contract.Status.ACCEPTED:
            return
        services.contract_settle(
            contract=contract,
            settled_on=min(accepted_on + dt.timedelta(days=25), self.today),
            settled_amount=accepted,
            by=self.staff,
        )

    def run(self):
        past = []
        for spec in _course_specs(self.today.year):
            year = int(spec["code"].split("-")[1])
            course = self.past_course(spec, year)
            if course:
                past.append(course)
        upcoming = [self.upcoming_course(spec) for spec in _upcoming_specs(self.today)]
        self.demo_enterprise_user(past, upcoming)
        self.experts()
        self.contracts(self.consultants())
        trained = (
            Enrollment.objects.filter(course__kind=K.IN_DEPTH, status=S.PASSED)
            .values("email")
            .distinct()
            .count()
        )
        self.stdout.write(
            f"  trainings: {Course.objects.count()} courses ({self.created_courses} new), "
            f"{Enrollment.objects.count()} enrollments, {trained} trained in depth, "
            f"{Expert.objects.count()} experts, {Contract.objects.count()} contracts"
        )


_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _valid_tax_code(base: str) -> str:
    """The first valid tax code at or after `base` (the 10th digit is a check digit)."""
    number = int(base[:9])
    while True:
        digits = f"{number:09d}"
        check = (10 - sum(w * int(d) for w, d in zip(_WEIGHTS, digits, strict=True)) % 11) % 11
        if check < 10:
            return digits + str(check)
        number += 1


@transaction.atomic
def seed(stdout) -> None:
    _Demo(stdout).run()
