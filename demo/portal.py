"""Demo data for the portal core: one account per role, program settings, news and
communication records. Idempotent: running it twice changes nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from demo.content import (
    PLAN_ARTICLE_AUTHOR,
    PLAN_ARTICLE_BODY,
    PLAN_ARTICLE_PARAGRAPHS,
    PLAN_ARTICLE_TITLE,
)
from portal import signing
from portal.administrative_units import administrative_units_load
from portal.models import (
    AdministrativeUnit,
    Article,
    CommunicationActivity,
    Policy,
    ProgramSettings,
    Role,
    User,
)
from portal.services import (
    article_create,
    communication_activity_record,
    policy_save,
    program_settings_update,
)

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed by make run on purpose
DEMO_PROVINCE_CODE = "25"  # Phú Thọ (after the 1/7/2025 merger)
# `seed_demo --province CODE` seeds another province (three portals side by side for the
# national roll-up); the apps read the code from ProgramSettings (demo_province_code()).
_requested_province = {"code": DEMO_PROVINCE_CODE}


def use_demo_province(code: str) -> None:
    _requested_province["code"] = code


# `seed_demo --organizations N` seeds a smaller province (the live national roll-up test runs
# three portals at once); None keeps the full demo.
_requested_size: dict[str, int | None] = {"organizations": None}


def use_demo_size(organizations: int | None) -> None:
    _requested_size["organizations"] = organizations


def demo_organization_count(default: int) -> int:
    return _requested_size["organizations"] or default


def demo_province_code() -> str:
    """The demo's province: the program settings' once seeded, else the one asked for."""
    return ProgramSettings.load().province_code or _requested_province["code"]


def demo_seed() -> int:
    """A random seed per province: the default province keeps the demo it always had."""
    code = demo_province_code()
    return 2021 if code == DEMO_PROVINCE_CODE else 2021 * 100 + int(code)


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
    program = ProgramSettings.load()
    province = AdministrativeUnit.objects.get(
        code=_requested_province["code"] if not program.plan_date else demo_province_code()
    )
    if not program.plan_date:
        # The dataset names provinces "Phú Thọ" but cities "Thành phố Hà Nội".
        full_name = (
            province.name
            if province.name.lower().startswith(("tỉnh", "thành phố"))
            else f"Tỉnh {province.name}"
        )
        program_settings_update(
            by=None,
            province_name=full_name,
            province_code=province.code,
            people_committee_name="Ủy ban nhân dân " + full_name[0].lower() + full_name[1:],
            **(
                {  # type: ignore[arg-type]
                    "agency_address": "Số 1 Đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ",
                    "agency_phone": "0210 3 846 123",
                    "agency_email": "sokhcn@phutho.gov.vn",
                }
                if province.code == DEMO_PROVINCE_CODE
                else {"agency_address": full_name}
            ),
            plan_date=dt.date(2021, 2, 26),
            report_signer_name="Nguyễn Văn Bình",
        )

    if settings.SIGNING_DEMO:
        # Development signs with a demo CA (portal/signing_demo.py); production refuses it.
        signing.ensure_demo_credentials()
        stdout.write(f"  portal: demo signing certificate in {settings.SIGNING_DEMO_DIR}")

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
    _seed_articles(staff)
    _seed_communication(staff)
    _seed_policies(staff)
    stdout.write("  portal: accounts, settings, news, communication, policies")


DEMO_ARTICLES = [
    # (title, category, days ago, summary, paragraphs)
    (
        "Hướng dẫn đăng ký tham gia Giải thưởng Chất lượng Quốc gia năm 2026",
        Article.Category.GUIDANCE,
        120,
        "Các bước chuẩn bị hồ sơ, thời hạn nộp và đầu mối tiếp nhận hồ sơ tham dự Giải thưởng "
        "Chất lượng Quốc gia năm 2026 theo Nghị định 37/2026/NĐ-CP.",
        [
            "Giải thưởng Chất lượng Quốc gia được xét theo bảy tiêu chí: vai trò của lãnh đạo; "
            "chiến lược; định hướng vào khách hàng; đo lường, phân tích và quản lý tri thức; "
            "nguồn nhân lực; quá trình hoạt động; kết quả hoạt động.",
            "Doanh nghiệp quan tâm liên hệ Sở Khoa học và Công nghệ để được hướng dẫn tự đánh giá "
            "và hỗ trợ hoàn thiện hồ sơ trước ngày 30/6/2026.",
        ],
    ),
    (
        "Hội thảo phổ biến công cụ cải tiến năng suất 5S, Kaizen cho doanh nghiệp nhỏ và vừa",
        Article.Category.NEWS,
        40,
        "Hơn 80 đại biểu đến từ 52 doanh nghiệp tham dự hội thảo phổ biến các công cụ cải tiến "
        "năng suất chất lượng.",
        [
            "Tại hội thảo, các chuyên gia năng suất chất lượng đã giới thiệu phương pháp 5S, "
            "Kaizen và chia sẻ kinh nghiệm áp dụng tại doanh nghiệp sản xuất chè, gỗ và may mặc.",
            "Các doanh nghiệp có nhu cầu được hỗ trợ áp dụng có thể đăng ký trực tuyến trên Cổng "
            "thông tin này.",
        ],
    ),
    (
        "Chính sách hỗ trợ doanh nghiệp áp dụng hệ thống quản lý ISO 9001:2015",
        Article.Category.POLICY,
        15,
        "Doanh nghiệp áp dụng và được chứng nhận hệ thống quản lý chất lượng ISO 9001:2015 được "
        "hỗ trợ một phần chi phí tư vấn và chứng nhận.",
        [
            "Mức hỗ trợ, điều kiện và hồ sơ đề nghị hỗ trợ thực hiện theo Nghị quyết của Hội đồng "
            "nhân dân tỉnh quy định nội dung và mức chi hỗ trợ doanh nghiệp nâng cao năng suất "
            "chất lượng.",
        ],
    ),
    (
        "Thông báo mở lớp đào tạo chuyên gia năng suất chất lượng tại chỗ",
        Article.Category.ANNOUNCEMENT,
        5,
        "Sở Khoa học và Công nghệ thông báo tuyển chọn học viên lớp đào tạo chuyên sâu về năng "
        "suất chất lượng năm nay.",
        [
            "Đối tượng: cán bộ, công chức các sở, ban, ngành và cán bộ kỹ thuật của các tổ chức, "
            "doanh nghiệp trên địa bàn tỉnh.",
            "Hồ sơ đăng ký gửi về Phòng Quản lý Tiêu chuẩn Đo lường Chất lượng.",
        ],
    ),
]


def _seed_articles(staff: User) -> None:
    plan_date = dt.datetime(2021, 2, 26, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    rows = [
        (
            PLAN_ARTICLE_TITLE,
            Article.Category.NEWS,
            plan_date,
            PLAN_ARTICLE_PARAGRAPHS[0],
            PLAN_ARTICLE_BODY,
            PLAN_ARTICLE_AUTHOR,
        )
    ]
    now = timezone.now()
    for title, category, days_ago, summary, paragraphs in DEMO_ARTICLES:
        rows.append(
            (
                title,
                category,
                now - dt.timedelta(days=days_ago),
                summary,
                "\n\n".join(paragraphs),
                "Phòng Quản lý Tiêu chuẩn Đo lường Chất lượng",
            )
        )
    for title, category, published_at, summary, body, author in rows:
        if Article.objects.filter(title=title).exists():
            continue
        article_create(
            title=title,
            category=category,
            summary=summary,
            body=body,
            author_name=author,
            published_at=published_at,
            publish=True,
            by=staff,
        )
    draft_title = "Kết quả thực hiện Chương trình năng suất chất lượng năm nay (dự thảo)"
    if not Article.objects.filter(title=draft_title).exists():
        article_create(
            title=draft_title,
            category=Article.Category.NEWS,
            summary="Bản nháp tổng hợp kết quả, chưa đăng công khai.",
            body="Nội dung đang được tổng hợp.",
            by=staff,
        )


def _seed_communication(staff: User) -> None:
    channels = list(CommunicationActivity.Channel)
    today = timezone.localdate()
    for year in range(2021, today.year + 1):
        for index in range(4):
            title = f"Tuyên truyền năng suất chất lượng {year} – đợt {index + 1}"
            date = dt.date(year, 3 * index + 2, 15)
            if date > today or CommunicationActivity.objects.filter(title=title).exists():
                continue
            communication_activity_record(
                title=title,
                channel=channels[(year + index) % len(channels)],
                date=date,
                partner="Báo Phú Thọ" if index % 2 else "Đài Phát thanh và Truyền hình Phú Thọ",
                people_reached=1500 + 250 * (year - 2021) + 100 * index,
                organizations_reached=40 + 6 * (year - 2021) + index,
                cost=15_000_000 + 1_000_000 * index,
                by=staff,
            )


DEMO_POLICIES = [
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


def _seed_policies(staff: User) -> None:
    for title, status, number, date in DEMO_POLICIES:
        if Policy.objects.filter(title=title).exists():
            continue
        policy_save(
            title=title,
            status=status,
            decision_number=number,
            decision_date=date,
            issuing_body="Hội đồng nhân dân tỉnh" if number else "",
            effective_from=date + dt.timedelta(days=10) if date else None,
            summary=title + ".",
            by=staff,
        )
