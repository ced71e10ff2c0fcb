"""Nothing lost by a delete (issue 13, item 12): records with legal or reporting value are
protected, accounts are deactivated instead of deleted, and users, roles, uploaded documents
and consent records keep a history."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from awards.models import NominationDocument
from enterprises import services as enterprises_services
from enterprises.models import ConsentRecord, Organization, SupportEvidence, SupportRequest
from portal.models import Role, User
from tests.portal.factories import UserFactory
from tests.reports.factories import (
    ContractFactory,
    EnrollmentFactory,
    NominationFactory,
    OrganizationFactory,
    SupportActivityFactory,
)
from trainings import services as trainings_services
from trainings.models import ContractDocument, Enrollment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.vn", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def _consent(user, organization=None):
    return ConsentRecord.objects.create(
        user=user,
        organization=organization,
        purpose=ConsentRecord.Purpose.REGISTRATION,
        notice_version="2025-07",
        given_at=timezone.now(),
    )


def test_deleting_a_user_does_not_delete_their_consent():
    user = UserFactory(email="nguoi-dung@example.vn")
    consent = _consent(user)
    with pytest.raises(ProtectedError):
        user.delete()
    assert ConsentRecord.objects.filter(pk=consent.pk).exists()


def test_the_admin_deactivates_accounts_instead_of_deleting_them(superuser_client, superuser):
    user = UserFactory(email="nguoi-dung@example.vn")
    _consent(user)
    response = superuser_client.post(
        reverse("admin:portal_user_delete", args=[user.pk]), {"post": "yes"}, follow=True
    )
    assert "không bị xóa" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    response = superuser_client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk]},
        follow=True,
    )
    user.refresh_from_db()
    assert not user.is_active
    assert "Đã vô hiệu hóa 1 tài khoản" in response.content.decode()
    latest = user.history.latest()
    assert (latest.is_active, latest.history_user) == (False, superuser)


def test_deleting_an_organization_keeps_its_requests_enrollments_and_consents():
    organization = OrganizationFactory()
    request = SupportRequest.objects.create(organization=organization, need="Tư vấn ISO 9001")
    with pytest.raises(ProtectedError):
        organization.delete()
    request.delete()
    enrollment = EnrollmentFactory(organization=organization)
    with pytest.raises(ProtectedError):
        organization.delete()
    enrollment.delete()
    _consent(UserFactory(), organization)
    with pytest.raises(ProtectedError):
        organization.delete()
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_the_admin_says_why_an_organization_cannot_be_deleted(superuser_client):
    organization = OrganizationFactory()
    SupportRequest.objects.create(organization=organization, need="Tư vấn ISO 9001")
    EnrollmentFactory(organization=organization, full_name="Trần Thị Hoa")
    response = superuser_client.post(
        reverse("admin:enterprises_organization_delete", args=[organization.pk]), {"post": "yes"}
    )
    page = response.content.decode()
    assert "Không thể xóa" in page
    assert "Trần Thị Hoa" in page
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert Enrollment.objects.get().organization == organization


def test_documents_are_kept_with_their_record():
    activity = SupportActivityFactory()
    SupportEvidence.objects.create(activity=activity, file="evidence/a.pdf", original_name="a.pdf")
    with pytest.raises(ProtectedError):
        activity.delete()
    contract = ContractFactory()
    ContractDocument.objects.create(contract=contract, file="contracts/a.pdf")
    with pytest.raises(ProtectedError):
        contract.delete()
    nomination = NominationFactory()
    NominationDocument.objects.create(nomination=nomination, file="dossiers/a.pdf")
    with pytest.raises(ProtectedError):
        nomination.delete()


def test_role_changes_are_kept_in_the_users_history(superuser):
    user = UserFactory(email="can-bo@example.vn")
    user.groups.add(Group.objects.get(name=Role.PROGRAM_STAFF))
    user.groups.remove(Group.objects.get(name=Role.PROGRAM_STAFF))
    user.groups.add(Group.objects.get(name=Role.OFFICIAL))
    versions = list(user.history.order_by("history_date", "history_id"))
    roles = [sorted(g.group.name for g in v.groups.all()) for v in versions]
    assert [Role.PROGRAM_STAFF] in roles
    assert roles[-1] == [Role.OFFICIAL]
    # The password hash is never copied into the history.
    assert not hasattr(versions[-1], "password")


def test_signing_in_is_not_a_new_version_of_the_account(client):
    user = UserFactory(email="dang-nhap@example.vn", password="Secret-pass-123")
    before = user.history.count()
    response = client.post(
        reverse("login"), {"username": "dang-nhap@example.vn", "password": "Secret-pass-123"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before


def test_uploaded_documents_and_consents_have_a_history(staff_user):
    activity = SupportActivityFactory()
    evidence = enterprises_services.evidence_add(
        activity=activity,
        by=staff_user,
        file=SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
    )
    stored = evidence.file.name
    enterprises_services.evidence_delete(evidence=evidence, by=staff_user)
    removal = SupportEvidence.history.get(history_type="-")
    assert removal.history_user == staff_user
    assert removal.original_name == "bien-ban.pdf"
    # The file the history points at is still there.
    assert default_storage.open(removal.file).read() == PDF
    assert removal.file == stored
    contract = ContractFactory()
    trainings_services.contract_document_upload(
        contract=contract,
        file=SimpleUploadedFile("hop-dong.pdf", PDF, content_type="application/pdf"),
        kind=ContractDocument.Kind.CONTRACT,
        by=staff_user,
    )
    assert ContractDocument.history.count() == 1
    consent = _consent(UserFactory())
    assert consent.history.count() == 1
