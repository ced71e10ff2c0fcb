"""Demo data for the National Quality Award: cycles 2021 → this year with their criteria and
levels, past nominations with reviews and results, and this year's open cycle with a
registration in progress and a review assigned to council@nscl.local. Idempotent; works with or
without the organizations of the enterprises demo."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from unidecode import unidecode

from awards import services
from awards.models import AwardCycle, Nomination, NominationDocument, Review, Score
from enterprises.models import Membership, Organization
from portal.models import Role

DEMO_PASSWORD = "demo12345"  # noqa: S105 - the demo accounts' shared password, printed by make run


DEMO_ORGANIZATIONS = [
    ("2600123409", "Công ty Cổ phần Chè Phú Thọ", "sme_manufacturing"),
    ("2600567806", "Công ty TNHH Cơ khí Chính xác Việt Trì", "large_manufacturing"),
    ("2600901200", "Công ty Cổ phần Dược phẩm Đất Tổ", "sme_manufacturing"),
    ("2600345602", "Công ty TNHH Dịch vụ Logistics Hùng Vương", "sme_services"),
    ("2600789005", "Công ty Cổ phần Giấy Lửa Việt", "large_manufacturing"),
    ("2600111227", "Hợp tác xã Bưởi Đoan Hùng", "sme_manufacturing"),
    ("2600333445", "Công ty TNHH Du lịch Đền Hùng", "sme_services"),
]

COUNCIL = [
    ("council@nscl.local", "Phạm Thu Hà"),
    ("council2@nscl.local", "Đỗ Văn Thành"),
    ("council3@nscl.local", "Hoàng Thị Mai"),
]

# (year, organization index, category, mean total, outcome)
#   outcome: "awarded:<level code>", "not_awarded" (nationally), "not_forwarded", "withdrawn"
HISTORY = [
    (2021, 0, "sme_manufacturing", 742, "awarded:quality"),
    (2021, 1, "large_manufacturing", 560, "not_forwarded"),
    (2022, 2, "sme_manufacturing", 815, "awarded:gold"),
    (2022, 3, "sme_services", 655, "not_awarded"),
    (2023, 1, "large_manufacturing", 702, "awarded:quality"),
    (2023, 4, "large_manufacturing", 0, "withdrawn"),
    (2024, 5, "sme_services", 640, "not_awarded"),
    (2024, 4, "large_manufacturing", 806, "awarded:gold"),
    (2025, 3, "sme_services", 688, "awarded:quality"),
    (2025, 6, "sme_manufacturing", 590, "not_forwarded"),
]
DECISIONS = {
    2021: ("1520/QĐ-TTg", dt.date(2022, 3, 18)),
    2022: ("488/QĐ-TTg", dt.date(2023, 4, 21)),
    2023: ("362/QĐ-TTg", dt.date(2024, 4, 12)),
    2024: ("701/QĐ-TTg", dt.date(2025, 4, 9)),
    2025: ("612/QĐ-TTg", dt.date(2026, 4, 16)),
}


def _aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _user(email: str, name: str, role: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def _organizations(enterprise_user) -> list[Organization]:
    """The enterprise account's organization first, then other active organizations; demo ones
    are created when the registry has too few."""
    mine = Organization.objects.filter(
        memberships__user=enterprise_user,
        memberships__status=Membership.Status.ACTIVE,
        status=Organization.Status.ACTIVE,
    ).first()
    others = list(
        Organization.objects.filter(status=Organization.Status.ACTIVE)
        .exclude(pk__in=[mine.pk] if mine else [])
        .order_by("id")[:6]
    )
    if mine is None or len(others) < 6:
        for tax_code, name, _category in DEMO_ORGANIZATIONS:
            organization, _created = Organization.objects.get_or_create(
                tax_code=tax_code,
                defaults={
                    "name": name,
                    "search_text": unidecode(name).lower(),
                    "status": Organization.Status.ACTIVE,
                    "address": "Phường Việt Trì, tỉnh Phú Thọ",
                    "email": f"lienhe.{tax_code}@example.vn",
                },
            )
            if (
                organization.status == Organization.Status.ACTIVE
                and organization != mine
                and organization not in others
            ):
                others.append(organization)
        if mine is None:
            mine = others.pop(0)
            Membership.objects.get_or_create(
                user=enterprise_user,
                organization=mine,
                defaults={
                    "role": Membership.Role.REPRESENTATIVE,
                    "status": Membership.Status.ACTIVE,
                    "decided_at": timezone.now(),
                },
            )
    return [mine, *others]


def _cycle(year: int, today: dt.date) -> AwardCycle:
    cycle = AwardCycle.objects.filter(year=year).first()
    if cycle is not None:
        return cycle
    if year == today.year:
        return services.award_cycle_create(
            by=None,
            year=year,
            registration_opens=today - dt.timedelta(days=30),
            registration_closes=today + dt.timedelta(days=20),
            dossier_deadline=today + dt.timedelta(days=45),
            review_deadline=today + dt.timedelta(days=75),
        )
    # The criteria and levels of the rules in force that year (cycle_templates).
    return services.award_cycle_create(
        by=None,
        year=year,
        registration_opens=dt.date(year, 3, 1),
        registration_closes=dt.date(year, 4, 30),
        dossier_deadline=dt.date(year, 5, 31),
        review_deadline=dt.date(year, 7, 31),
    )


def _scores_for(criteria, total: int, spread: int) -> list[int]:
    """Points per criterion adding up to about `total` (+ spread), each within its maximum."""
    target = max(0, min(1000, total + spread))
    points = [min(c.max_points, round(c.max_points * target / 1000)) for c in criteria]
    return points


def _review(nomination, reviewer, criteria, total, spread, submitted_on):
    review, created = Review.objects.get_or_create(
        nomination=nomination, reviewer=reviewer, defaults={"status": Review.Status.ASSIGNED}
    )
    if not created or submitted_on is None:
        return review
    points = _scores_for(criteria, total, spread)
    Score.objects.bulk_create(
        Score(review=review, criterion=c, points=p, comment="")
        for c, p in zip(criteria, points, strict=True)
    )
    review.total_points = sum(points)
    review.status = Review.Status.SUBMITTED
    review.submitted_at = _aware(submitted_on, 15)
    review.comments = "Hồ sơ đầy đủ, số liệu kết quả hoạt động có minh chứng."
    review.save()
    return review


def _past_nomination(cycle, organization, category, total, outcome, staff, council):
    nomination, created = Nomination.objects.get_or_create(
        cycle=cycle,
        organization=organization,
        defaults={"status": Nomination.Status.REGISTERED, "category": category},
    )
    if not created:
        return nomination
    year = cycle.year
    nomination.registered_at = _aware(dt.date(year, 4, 10))
    nomination.encouraged_by = staff
    nomination.support_given = "Hướng dẫn tự đánh giá theo 7 tiêu chí; góp ý hồ sơ."
    if outcome == "withdrawn":
        nomination.status = Nomination.Status.WITHDRAWN
        nomination.withdrawn_reason = "Doanh nghiệp chưa đủ số liệu kết quả 3 năm liên tiếp."
        nomination.save()
        return nomination
    nomination.submitted_at = _aware(dt.date(year, 5, 28))
    nomination.self_assessment_score = min(1000, total + 40)
    nomination.dossier_checked_at = _aware(dt.date(year, 6, 3))
    nomination.dossier_checked_by = staff
    criteria = list(cycle.criteria.all())
    for index, (reviewer, spread) in enumerate(zip(council, (-25, 10, 15), strict=True)):
        _review(nomination, reviewer, criteria, total, spread, dt.date(year, 7, 10 + index))
    nomination.forwarded_on = dt.date(year, 7, 28)
    nomination.forwarded_by = staff
    nomination.forward_minutes = f"Biên bản họp Hội đồng sơ tuyển tỉnh ngày 28/07/{year}: " + (
        "thống nhất đề nghị Hội đồng quốc gia xét."
        if outcome != "not_forwarded"
        else "chưa đủ điều kiện đề nghị xét tặng."
    )
    if outcome == "not_forwarded":
        nomination.status = Nomination.Status.NOT_AWARDED
    else:
        number, date = DECISIONS[year]
        nomination.decision_number = number
        nomination.decision_date = date
        nomination.result_recorded_by = staff
        if outcome.startswith("awarded:"):
            nomination.status = Nomination.Status.AWARDED
            nomination.level = cycle.levels.get(code=outcome.split(":", 1)[1])
        else:
            nomination.status = Nomination.Status.NOT_AWARDED
    nomination.save()
    return nomination


def _demo_pdf(title: str) -> ContentFile:
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        f"% {unidecode(title)}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return ContentFile(body.encode(), name=f"{unidecode(title).replace(' ', '-')}.pdf")


def _current(cycle, organizations, enterprise_user, staff, council) -> None:
    ent_org = organizations[0]
    # The enterprise account's registration in progress (through the services, as online).
    nomination = Nomination.objects.filter(cycle=cycle, organization=ent_org).first()
    if nomination is None:
        nomination = services.nomination_register(
            cycle=cycle,
            organization=ent_org,
            category=Nomination.Category.SME_MANUFACTURING,
            by=enterprise_user,
        )
        services.nomination_document_add(
            nomination=nomination,
            file=_demo_pdf("Bao cao thuyet minh ho so"),
            kind=NominationDocument.Kind.DOSSIER,
            description="Báo cáo thuyết minh (bản nháp)",
            by=enterprise_user,
        )
        # The first four criteria scored so far, at about three quarters of their maximum.
        criteria = list(cycle.criteria.all())[:4]
        services.self_assessment_save(
            nomination=nomination,
            scores={c.pk: p for c, p in zip(criteria, _scores_for(criteria, 750, 0), strict=True)},
            by=enterprise_user,
        )
    # An organization the staff encouraged, and one under provincial review.
    if (
        len(organizations) > 1
        and not Nomination.objects.filter(cycle=cycle, organization=organizations[1]).exists()
    ):
        services.nomination_encourage(
            cycle=cycle,
            organization=organizations[1],
            by=staff,
            support_given="Mời tham dự hội thảo hướng dẫn tự đánh giá.",
        )
    if len(organizations) > 2:
        reviewed, created = Nomination.objects.get_or_create(
            cycle=cycle,
            organization=organizations[2],
            defaults={
                "status": Nomination.Status.DOSSIER_SUBMITTED,
                "category": Nomination.Category.SME_MANUFACTURING,
                "registered_at": timezone.now() - dt.timedelta(days=25),
                "submitted_at": timezone.now() - dt.timedelta(days=3),
                "self_assessment_score": 780,
            },
        )
        if created:
            NominationDocument.objects.create(
                nomination=reviewed,
                kind=NominationDocument.Kind.DOSSIER,
                file=_demo_pdf("Ho so tham du giai thuong"),
                original_name="Hồ sơ tham dự giải thưởng.pdf",
                content_type="application/pdf",
                size=200,
                uploaded_by=staff,
            )
            services.nomination_dossier_check(nomination=reviewed, by=staff, note="Đủ thành phần.")
            services.reviews_assign(nomination=reviewed, reviewers=council[:2], by=staff)
            other = Review.objects.get(nomination=reviewed, reviewer=council[1])
            criteria = list(cycle.criteria.all())
            services.review_save(
                review=other,
                by=council[1],
                scores={
                    c.pk: p for c, p in zip(criteria, _scores_for(criteria, 760, 0), strict=True)
                },
                overall="Điểm mạnh về lãnh đạo và kết quả.",
                submit=True,
            )


def seed(stdout) -> None:
    today = timezone.localdate()
    User = get_user_model()
    staff = User.objects.filter(email="staff@nscl.local").first()
    enterprise_user = _user("enterprise@nscl.local", "Lê Minh Tuấn", Role.ENTERPRISE)
    council = [_user(email, name, Role.COUNCIL_MEMBER) for email, name in COUNCIL]
    organizations = _organizations(enterprise_user)

    # Years that already have nominations are left alone, so a second run adds nothing even
    # when the registry has grown in between.
    seeded = set(Nomination.objects.values_list("cycle__year", flat=True).distinct().order_by())
    cycles = {year: _cycle(year, today) for year in range(2021, today.year + 1)}
    for year, index, category, total, outcome in HISTORY:
        if year >= today.year or year in seeded or index >= len(organizations):
            continue
        _past_nomination(
            cycles[year], organizations[index], category, total, outcome, staff, council
        )
    current = cycles[today.year]
    if today.year not in seeded and current.registration_is_open(today):
        _current(current, organizations, enterprise_user, staff, council)
    stdout.write(
        f"  awards: {len(cycles)} cycles, "
        f"{Nomination.objects.filter(status=Nomination.Status.AWARDED).count()} winners"
    )
