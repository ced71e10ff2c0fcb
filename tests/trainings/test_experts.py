"""The expert pool: staff additions, accent-insensitive search, filters, the expert's page."""

import pytest
from django.urls import reverse

from portal.models import AdministrativeUnit
from trainings import services
from trainings.models import Expert, ExpertAssignment

from .factories import (
    CourseFactory,
    EnrollmentFactory,
    ExpertFactory,
    SolutionFactory,
    SupportActivityFactory,
)


def commune(code, name):
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="25",
        defaults={
            "name": "Tỉnh Phú Thọ",
            "division_type": "tỉnh",
            "level": "province",
            "effective_from": "2025-07-01",
        },
    )
    return AdministrativeUnit.objects.create(
        code=code,
        name=name,
        division_type="phường",
        level="commune",
        parent=province,
        effective_from="2025-07-01",
    )


@pytest.mark.django_db
def test_staff_add_expert_and_duplicate_email_message(staff_client):
    lean = SolutionFactory(code="lean", name="Lean")
    url = reverse("trainings:expert_create")
    staff_client.post(
        url,
        {
            "full_name": "Đỗ Quang Vinh",
            "email": "Vinh@Example.vn",
            "expertise": [lean.pk],
            "is_active": "on",
        },
    )
    expert = Expert.objects.get()
    assert expert.email == "vinh@example.vn"
    assert expert.source == Expert.Source.ADDED
    assert expert.search_text == "do quang vinh  vinh@example.vn".replace("  ", " ")
    response = staff_client.post(
        url, {"full_name": "Người khác", "email": "vinh@example.vn", "is_active": "on"}
    )
    assert "Đã có chuyên gia với địa chỉ e-mail này." in response.content.decode()
    assert Expert.objects.count() == 1


@pytest.mark.django_db
def test_search_by_name_ignores_accents_and_filters(staff_client):
    five_s = SolutionFactory(code="5s", name="5S")
    iso = SolutionFactory(code="iso-9001", name="ISO 9001")
    viet_tri = commune("08000", "Phường Việt Trì")
    phu_tho = commune("08001", "Phường Phú Thọ")
    services.expert_create(
        by=None,
        full_name="Nguyễn Đức Thắng",
        email="thang@example.vn",
        expertise=[five_s],
        commune=viet_tri,
    )
    services.expert_create(
        by=None,
        full_name="Lê Thu Trang",
        email="trang@example.vn",
        expertise=[iso],
        commune=phu_tho,
    )
    url = reverse("trainings:expert_list")

    def names(params):
        content = staff_client.get(url, params).content.decode()
        return {n for n in ("Nguyễn Đức Thắng", "Lê Thu Trang") if n in content}

    assert names({"q": "duc thang"}) == {"Nguyễn Đức Thắng"}
    assert names({"q": "NGUYEN"}) == {"Nguyễn Đức Thắng"}
    assert names({"expertise": iso.pk}) == {"Lê Thu Trang"}
    assert names({"commune": viet_tri.pk}) == {"Nguyễn Đức Thắng"}
    assert names({}) == {"Nguyễn Đức Thắng", "Lê Thu Trang"}


@pytest.mark.django_db
def test_expert_page_lists_courses_and_assignments(staff_client):
    expert = ExpertFactory(full_name="Phan Văn Khải", email="khai@example.vn")
    taken = CourseFactory(title="Khóa chuyên gia năng suất 2023")
    EnrollmentFactory(course=taken, email="KHAI@example.vn", status="passed")
    taught = CourseFactory(title="Lớp 5S cho HTX")
    activity = SupportActivityFactory(title="Tư vấn áp dụng Kaizen")
    services.expert_assignment_add(
        by=None, expert=expert, role="lecturer", date="2024-05-01", course=taught
    )
    services.expert_assignment_add(
        by=None, expert=expert, role="consultant", date="2024-06-01", support_activity=activity
    )
    content = staff_client.get(
        reverse("trainings:expert_detail", args=[expert.pk])
    ).content.decode()
    assert "Khóa chuyên gia năng suất 2023" in content
    assert "Lớp 5S cho HTX" in content
    assert "Tư vấn áp dụng Kaizen" in content
    assert activity.organization.name in content


@pytest.mark.django_db
def test_assignment_needs_exactly_one_target(staff_client):
    expert = ExpertFactory()
    course = CourseFactory()
    activity = SupportActivityFactory()
    url = reverse("trainings:expert_assignment_add", args=[expert.pk])
    response = staff_client.post(url, {"role": "lecturer", "date": "2024-05-01"})
    assert "Chọn một khóa học hoặc một hoạt động hỗ trợ" in response.content.decode()
    staff_client.post(
        url,
        {
            "role": "lecturer",
            "date": "2024-05-01",
            "course": course.pk,
            "support_activity": activity.pk,
        },
    )
    assert not ExpertAssignment.objects.exists()
    staff_client.post(url, {"role": "lecturer", "date": "2024-05-01", "course": course.pk})
    assert ExpertAssignment.objects.get().course == course
