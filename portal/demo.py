"""Demo data for the portal core: one account per role, program settings, news and
communication records. Idempotent: running it twice changes nothing."""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from .administrative_units import administrative_units_load
from .models import (
    AdministrativeUnit,
    Article,
    CommunicationActivity,
    Policy,
    ProgramSettings,
    PublicationStatus,
    Role,
    User,
)

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed by make run on purpose
DEMO_PROVINCE_CODE = "25"  # Phú Thọ (after the 1/7/2025 merger)

DEMO_ACCOUNTS = [
    ("admin@nscl.local", "Quản trị hệ thống", None),
    ("staff@nscl.local", "Nguyễn Thị Lan", Role.PROGRAM_STAFF),
    ("official@nscl.local", "Trần Văn Hùng", Role.OFFICIAL),
    ("enterprise@nscl.local", "Lê Minh Tuấn", Role.ENTERPRISE),
    ("council@nscl.local", "Phạm Thu Hà", Role.COUNCIL_MEMBER),
]


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def seed(stdout) -> None:
    if not AdministrativeUnit.objects.exists():
        administrative_units_load()
    province = AdministrativeUnit.objects.get(code=DEMO_PROVINCE_CODE)
    settings_row = ProgramSettings.load()
    if not settings_row.plan_date:
        prefix = "Thành phố" if "thành phố" in province.division_type else "Tỉnh"
        settings_row.province_name = f"{prefix} {province.name}"
        settings_row.province_code = province.code
        settings_row.people_committee_name = f"Ủy ban nhân dân {prefix.lower()} {province.name}"
        settings_row.agency_address = "Số 1 Đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ"
        settings_row.agency_phone = "0210 3 846 123"
        settings_row.agency_email = "sokhcn@phutho.gov.vn"
        settings_row.plan_date = dt.date(2021, 2, 26)
        settings_row.report_signer_name = "Nguyễn Văn Bình"
        settings_row.save()

    for email, name, role in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            if role is None:
                user.is_staff = user.is_superuser = True
            user.save()
        if role:
            user.groups.add(Group.objects.get(name=role))

    staff = demo_user("staff@nscl.local")
    now = timezone.now()
    articles = [
        (
            "Triển khai Kế hoạch thực hiện Chương trình năng suất chất lượng giai đoạn 2021–2030",
            Article.Category.NEWS,
            900,
        ),
        (
            "Hướng dẫn đăng ký tham gia Giải thưởng Chất lượng Quốc gia năm 2026",
            Article.Category.GUIDANCE,
            120,
        ),
        (
            "Hội thảo phổ biến công cụ cải tiến năng suất 5S, Kaizen cho doanh nghiệp nhỏ và vừa",
            Article.Category.NEWS,
            40,
        ),
        (
            "Chính sách hỗ trợ doanh nghiệp áp dụng hệ thống quản lý ISO 9001:2015",
            Article.Category.POLICY,
            15,
        ),
        (
            "Thông báo mở lớp đào tạo chuyên gia năng suất chất lượng tại chỗ",
            Article.Category.ANNOUNCEMENT,
            5,
        ),
    ]
    for title, category, days_ago in articles:
        Article.objects.get_or_create(
            slug=slugify(title)[:300] or f"bai-viet-{days_ago}",
            defaults={
                "title": title,
                "category": category,
                "status": PublicationStatus.PUBLISHED,
                "published_at": now - dt.timedelta(days=days_ago),
                "summary": title + ".",
                "body": title + ".\n\nSở Khoa học và Công nghệ phối hợp với các cơ quan thông tin "
                "đại chúng của tỉnh, các sở, ban, ngành và tổ chức đại diện doanh nghiệp để thông tin "
                "tuyên truyền và vận động doanh nghiệp tham gia kế hoạch.",
                "author_name": "Phòng Quản lý Tiêu chuẩn Đo lường Chất lượng",
                "created_by": staff,
            },
        )

    channels = list(CommunicationActivity.Channel)
    for year in range(2021, timezone.localdate().year + 1):
        for index in range(4):
            title = f"Tuyên truyền năng suất chất lượng {year} – đợt {index + 1}"
            CommunicationActivity.objects.get_or_create(
                title=title,
                defaults={
                    "channel": channels[(year + index) % len(channels)],
                    "date": dt.date(year, 3 * index + 2, 15),
                    "partner": "Báo Phú Thọ"
                    if index % 2
                    else "Đài Phát thanh và Truyền hình Phú Thọ",
                    "people_reached": 1500 + 250 * (year - 2021) + 100 * index,
                    "organizations_reached": 40 + 6 * (year - 2021) + index,
                    "cost": 15_000_000 + 1_000_000 * index,
                    "created_by": staff,
                },
            )

    policies = [
        (
            "Nghiên cứu chính sách hỗ trợ doanh nghiệp áp dụng công cụ cải tiến năng suất",
            Policy.Status.RESEARCHING,
            "",
            None,
        ),
        (
            "Đề xuất mức hỗ trợ chi phí chứng nhận hệ thống quản lý cho doanh nghiệp nhỏ và vừa",
            Policy.Status.PROPOSED,
            "",
            None,
        ),
        (
            "Quy định nội dung và mức chi hỗ trợ doanh nghiệp nâng cao năng suất chất lượng",
            Policy.Status.ISSUED,
            "12/2022/NQ-HĐND",
            dt.date(2022, 7, 14),
        ),
    ]
    for title, status, number, date in policies:
        Policy.objects.get_or_create(
            slug=slugify(title)[:300],
            defaults={
                "title": title,
                "status": status,
                "decision_number": number,
                "decision_date": date,
                "issuing_body": "HĐND tỉnh" if number else "",
                "summary": title + ".",
                "created_by": staff,
            },
        )
    stdout.write("  portal: accounts, settings, news, communication, policies")
