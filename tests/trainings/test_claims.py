"""Naming an organization on the public course form does not link the person to it until the
organization (or program staff) confirms; course registration is rate-limited (issue 13,
item 13)."""

import pytest
from django.urls import reverse

from enterprises import selectors as enterprise_selectors
from trainings.models import Course, Enrollment

from .factories import CourseFactory, OrganizationFactory, member

pytestmark = pytest.mark.django_db


def _form(organization, email="hoa@example.vn"):
    return {
        "full_name": "Phạm Thị Hoa",
        "email": email,
        "phone": "0912345678",
        "workplace": "Công ty khác",
        "participant_type": "enterprise_staff",
        "tax_code": organization.tax_code,
    }


@pytest.fixture
def course():
    return CourseFactory(status=Course.Status.OPEN)


def test_a_tax_code_on_the_public_form_only_names_the_organization(client, course, organization):
    response = client.post(
        reverse("trainings:register", args=[course.pk]), _form(organization), follow=True
    )
    assert "sẽ được đề nghị xác nhận" in response.content.decode()
    enrollment = Enrollment.objects.get()
    assert enrollment.organization is None
    assert enrollment.claimed_organization == organization
    # Until confirmed, the course does not count for the organization.
    enrollment.status = Enrollment.Status.PASSED
    enrollment.save()
    year = course.ends_on.year
    assert organization not in enterprise_selectors.organizations_supported_in(year)


def test_the_organization_confirms_or_declines(client, course, organization, enterprise_member):
    Enrollment.objects.create(
        course=course,
        full_name="Phạm Thị Hoa",
        email="hoa@example.vn",
        claimed_organization=organization,
    )
    stranger = Enrollment.objects.create(
        course=course,
        full_name="Người Lạ",
        email="la@example.vn",
        claimed_organization=organization,
    )
    client.force_login(enterprise_member)
    page = client.get(reverse("trainings:my_courses")).content.decode()
    assert "Đăng ký nêu tên tổ chức của bạn" in page
    assert "Phạm Thị Hoa" in page
    assert "Người Lạ" in page
    hoa = Enrollment.objects.get(email="hoa@example.vn")
    response = client.post(
        reverse("trainings:enrollment_claim", args=[hoa.pk]), {"decision": "confirm"}, follow=True
    )
    assert "Phạm Thị Hoa đã được gắn với tổ chức" in response.content.decode()
    client.post(reverse("trainings:enrollment_claim", args=[stranger.pk]), {"decision": "decline"})
    hoa.refresh_from_db()
    stranger.refresh_from_db()
    assert (hoa.organization, hoa.claimed_organization) == (organization, None)
    assert (stranger.organization, stranger.claimed_organization) == (None, None)
    page = client.get(reverse("trainings:my_courses")).content.decode()
    assert "Đăng ký nêu tên tổ chức của bạn" not in page


def test_another_organization_cannot_confirm(client, course, organization, enterprise_user):
    other = OrganizationFactory(name="Công ty Khác")
    member(enterprise_user, other)
    claim = Enrollment.objects.create(
        course=course,
        full_name="Phạm Thị Hoa",
        email="hoa@example.vn",
        claimed_organization=organization,
    )
    client.force_login(enterprise_user)
    response = client.post(
        reverse("trainings:enrollment_claim", args=[claim.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 404
    assert "Phạm Thị Hoa" not in client.get(reverse("trainings:my_courses")).content.decode()
    claim.refresh_from_db()
    assert claim.organization is None


def test_staff_see_the_pending_claim_and_can_link_it(staff_client, course, organization):
    claim = Enrollment.objects.create(
        course=course,
        full_name="Phạm Thị Hoa",
        email="hoa@example.vn",
        claimed_organization=organization,
    )
    detail = reverse("trainings:course_detail", args=[course.pk])
    page = staff_client.get(detail).content.decode()
    assert "chờ xác nhận" in page
    response = staff_client.post(
        reverse("trainings:enrollment_claim", args=[claim.pk]),
        {"decision": "confirm", "next": detail},
    )
    assert response["Location"] == detail
    claim.refresh_from_db()
    assert claim.organization == organization


def test_course_registration_is_rate_limited(client, course, organization, settings):
    settings.TRAININGS_REGISTRATION_RATE = "3/h"
    url = reverse("trainings:register", args=[course.pk])
    codes = [
        client.post(url, _form(organization, f"hv{n}@example.vn")).status_code for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    response = client.post(url, _form(organization, "hv9@example.vn"))
    assert "Quá nhiều đăng ký" in response.content.decode()
    assert Enrollment.objects.count() == 3
