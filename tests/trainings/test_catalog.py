"""The public catalog: open courses only, filterable by kind and solution; course pages."""

import pytest
from django.urls import reverse

from trainings.models import Course

from .factories import CourseFactory, SolutionFactory


@pytest.mark.django_db
def test_catalog_lists_open_courses_filtered_by_kind_and_solution(client):
    lean = SolutionFactory(code="lean", name="Lean")
    iso = SolutionFactory(code="iso-9001", name="ISO 9001")
    CourseFactory(title="Hội thảo Lean", kind=Course.Kind.AWARENESS, solutions=[lean])
    CourseFactory(title="Đào tạo ISO 9001", kind=Course.Kind.TOOL, solutions=[iso])
    CourseFactory(title="Khóa đã đóng", status=Course.Status.CLOSED)
    CourseFactory(title="Khóa dự thảo", status=Course.Status.DRAFT)
    url = reverse("trainings:catalog")

    def titles(params):
        content = client.get(url, params).content.decode()
        names = ("Hội thảo Lean", "Đào tạo ISO 9001", "Khóa đã đóng", "Khóa dự thảo")
        return {t for t in names if t in content}

    assert titles({}) == {"Hội thảo Lean", "Đào tạo ISO 9001"}
    assert titles({"kind": "tool"}) == {"Đào tạo ISO 9001"}
    assert titles({"solution": lean.pk}) == {"Hội thảo Lean"}
    assert titles({"kind": "tool", "solution": lean.pk}) == set()


@pytest.mark.django_db
def test_catalog_shows_places_and_waiting_list(client):
    CourseFactory(title="Khóa Kaizen", capacity=2)
    content = client.get(reverse("trainings:catalog")).content.decode()
    assert "Đã đăng ký 0 / 2 chỗ" in content


@pytest.mark.django_db
def test_draft_course_page_is_staff_only(client, staff_user):
    draft = CourseFactory(status=Course.Status.DRAFT)
    url = reverse("trainings:course_public", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_closed_course_page_explains_registration_is_closed(client):
    closed = CourseFactory(status=Course.Status.CLOSED)
    content = client.get(reverse("trainings:course_public", args=[closed.pk])).content.decode()
    assert "Khóa học này không mở đăng ký." in content
    response = client.get(reverse("trainings:register", args=[closed.pk]))
    assert response.status_code == 302
