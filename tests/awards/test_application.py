"""Mobilization and application: encourage, apply online, dossier, self-assessment, submit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Nomination, NominationDocument

from .factories import (
    PDF_BYTES,
    NominationFactory,
    OrganizationFactory,
    add_document,
    member_of,
    ooxml_bytes,
    open_cycle,
    plain_zip_bytes,
    upload,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_staff_encourage_organizations(staff_client, cycle):
    first, second = OrganizationFactory(), OrganizationFactory()
    pending = OrganizationFactory(status="pending")
    page = staff_client.get(reverse("awards:encourage", args=[cycle.pk])).content.decode()
    picker = reverse("awards:pick_cycle_candidate", args=[cycle.pk])
    assert picker in page  # organizations are chosen by a searchable picker, not listed
    candidates = staff_client.get(picker).json()["results"]
    assert str(first.pk) in {str(row["id"]) for row in candidates}
    assert str(pending.pk) not in {str(row["id"]) for row in candidates}
    response = staff_client.post(
        reverse("awards:encourage", args=[cycle.pk]),
        {"organizations": [first.pk, second.pk], "support_given": "Tư vấn hồ sơ"},
        follow=True,
    )
    assert response.status_code == 200
    rows = Nomination.objects.filter(cycle=cycle)
    assert set(rows.values_list("status", flat=True)) == {"encouraged"}
    assert rows.count() == 2
    assert first.name in response.content.decode()


def test_encouraging_twice_is_refused(staff_user, cycle):
    organization = OrganizationFactory()
    services.nomination_encourage(cycle=cycle, organization=organization, by=staff_user)
    with pytest.raises(ValidationError):
        services.nomination_encourage(cycle=cycle, organization=organization, by=staff_user)


def test_enterprise_applies_online_while_registration_is_open(
    enterprise_client, organization, cycle
):
    page = enterprise_client.get(reverse("awards:my_nominations")).content.decode()
    assert reverse("awards:apply", args=[cycle.pk]) in page
    response = enterprise_client.post(
        reverse("awards:apply", args=[cycle.pk]),
        {"organization": organization.pk, "category": "sme_services"},
        follow=True,
    )
    nomination = Nomination.objects.get(cycle=cycle, organization=organization)
    assert nomination.status == Nomination.Status.REGISTERED
    assert nomination.category == "sme_services"
    assert nomination.registered_at is not None
    assert response.redirect_chain[-1][0] == reverse(
        "awards:nomination_detail", args=[nomination.pk]
    )


def test_an_encouraged_organization_registers_on_the_same_nomination(
    staff_user, enterprise_user, organization, cycle
):
    encouraged = services.nomination_encourage(
        cycle=cycle, organization=organization, by=staff_user
    )
    nomination = services.nomination_register(
        cycle=cycle, organization=organization, category="sme_manufacturing", by=enterprise_user
    )
    assert nomination.pk == encouraged.pk
    assert nomination.status == Nomination.Status.REGISTERED
    assert nomination.encouraged_by == staff_user


def test_a_past_participant_encouraged_again_can_apply(
    enterprise_client, staff_user, organization, cycle
):
    from .factories import past_cycle

    NominationFactory(cycle=past_cycle(2022), organization=organization, status="awarded")
    services.nomination_encourage(cycle=cycle, organization=organization, by=staff_user)
    page = enterprise_client.get(reverse("awards:apply", args=[cycle.pk])).content.decode()
    assert f'value="{organization.pk}"' in page
    enterprise_client.post(
        reverse("awards:apply", args=[cycle.pk]),
        {"organization": organization.pk, "category": "sme_services"},
    )
    assert Nomination.objects.get(cycle=cycle, organization=organization).status == "registered"
    # Once registered it is no longer offered.
    page = enterprise_client.get(reverse("awards:apply", args=[cycle.pk])).content.decode()
    assert f'value="{organization.pk}"' not in page


def test_applying_after_registration_closed_is_refused_on_the_server(
    enterprise_client, organization
):
    closed = open_cycle(
        registration_opens=TODAY() - dt.timedelta(days=20),
        registration_closes=TODAY() - dt.timedelta(days=1),
    )
    response = enterprise_client.post(
        reverse("awards:apply", args=[closed.pk]),
        {"organization": organization.pk, "category": "sme_services"},
    )
    assert response.status_code == 200
    assert closed.registration_closes.strftime("%d/%m/%Y") in response.content.decode()
    assert not Nomination.objects.exists()


def test_applying_before_registration_opens_is_refused(enterprise_user, organization):
    future = open_cycle(
        registration_opens=TODAY() + dt.timedelta(days=2),
        registration_closes=TODAY() + dt.timedelta(days=20),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_register(
            cycle=future, organization=organization, category="sme_services", by=enterprise_user
        )
    assert future.registration_opens.strftime("%d/%m/%Y") in excinfo.value.messages[0]


def test_only_the_cycles_categories_and_own_organizations(enterprise_user, organization):
    cycle = open_cycle()
    cycle.categories = ["large_services"]
    cycle.save()
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_register(
            cycle=cycle, organization=organization, category="sme_services", by=enterprise_user
        )
    assert "category" in excinfo.value.message_dict
    # Another organization's: refused by the service's authorization (a 403 page in the portal).
    with pytest.raises(PermissionDenied, match="người đại diện"):
        services.nomination_register(
            cycle=cycle,
            organization=OrganizationFactory(),
            category="large_services",
            by=enterprise_user,
        )


def test_the_apply_form_only_offers_own_organizations(enterprise_client, cycle):
    stranger = OrganizationFactory(name="Công ty Người Lạ")
    page = enterprise_client.get(reverse("awards:apply", args=[cycle.pk])).content.decode()
    assert stranger.name not in page
    response = enterprise_client.post(
        reverse("awards:apply", args=[cycle.pk]),
        {"organization": stranger.pk, "category": "sme_services"},
    )
    assert response.status_code == 200
    assert not Nomination.objects.filter(organization=stranger).exists()


@pytest.fixture
def registered(cycle, organization):
    return NominationFactory(cycle=cycle, organization=organization)


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [
        ("ho-so.pdf", PDF_BYTES, "application/pdf"),
        ("bao-cao.docx", ooxml_bytes("word"), "wordprocessingml.document"),
        ("so-lieu.xlsx", ooxml_bytes("xl"), "spreadsheetml.sheet"),
    ],
)
def test_enterprise_uploads_its_dossier(enterprise_client, registered, name, content, stored_type):
    response = enterprise_client.post(
        reverse("awards:document_upload", args=[registered.pk]),
        {"kind": "dossier", "file": upload(name, content), "description": "Thuyết minh"},
        follow=True,
    )
    document = NominationDocument.objects.get(nomination=registered)
    assert stored_type in document.content_type
    assert document.original_name == name
    assert name in response.content.decode()
    download = enterprise_client.get(reverse("awards:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment")


def test_a_zip_named_like_a_word_file_is_refused(enterprise_client, registered):
    response = enterprise_client.post(
        reverse("awards:document_upload", args=[registered.pk]),
        {"kind": "dossier", "file": upload("ho-so.docx", plain_zip_bytes())},
        follow=True,
    )
    assert not NominationDocument.objects.exists()
    assert "DOCX" in response.content.decode()


def test_a_too_large_file_is_refused(enterprise_client, registered, settings):
    settings.MAX_UPLOAD_SIZE = 50
    enterprise_client.post(
        reverse("awards:document_upload", args=[registered.pk]),
        {"kind": "dossier", "file": upload("ho-so.pdf", PDF_BYTES * 3)},
    )
    assert not NominationDocument.objects.exists()


def test_self_assessment_scores_are_bounded(enterprise_client, registered):
    criteria = list(registered.cycle.criteria.all())
    url = reverse("awards:self_assessment", args=[registered.pk])
    data = {f"points_{c.pk}": c.max_points for c in criteria}
    data[f"points_{criteria[0].pk}"] = criteria[0].max_points + 1
    response = enterprise_client.post(url, data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    registered.refresh_from_db()
    assert registered.self_assessment_score is None
    data[f"points_{criteria[0].pk}"] = criteria[0].max_points - 20
    assert enterprise_client.post(url, data).status_code == 302
    registered.refresh_from_db()
    assert registered.self_assessment_score == 980


def test_submitting_needs_a_dossier_and_a_self_assessment(enterprise_user, registered):
    with pytest.raises(ValidationError):
        services.nomination_submit(nomination=registered, by=enterprise_user)
    add_document(registered, by=enterprise_user)
    with pytest.raises(ValidationError):
        services.nomination_submit(nomination=registered, by=enterprise_user)
    add_document(registered, by=enterprise_user, kind="self_assessment")
    services.nomination_submit(nomination=registered, by=enterprise_user)
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.DOSSIER_SUBMITTED


def test_enterprise_submits_and_follows_its_status(enterprise_client, enterprise_user, registered):
    add_document(registered, by=enterprise_user)
    services.self_assessment_save(
        nomination=registered,
        scores={c.pk: c.max_points // 2 for c in registered.cycle.criteria.all()},
        by=enterprise_user,
    )
    response = enterprise_client.post(reverse("awards:submit", args=[registered.pk]), follow=True)
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.DOSSIER_SUBMITTED
    assert "Đã nộp hồ sơ. Cán bộ chương trình sẽ kiểm tra" in response.content.decode()
    # Once submitted the dossier is frozen.
    enterprise_client.post(
        reverse("awards:document_upload", args=[registered.pk]),
        {"kind": "dossier", "file": upload()},
    )
    assert registered.documents.count() == 1
    listing = enterprise_client.get(reverse("awards:my_nominations")).content.decode()
    assert registered.get_status_display() in listing


def test_submitting_after_the_dossier_deadline_is_refused(
    enterprise_client, enterprise_user, organization
):
    cycle = open_cycle(
        registration_opens=TODAY() - dt.timedelta(days=40),
        registration_closes=TODAY() - dt.timedelta(days=20),
        dossier_deadline=TODAY() - dt.timedelta(days=1),
    )
    nomination = NominationFactory(cycle=cycle, organization=organization)
    add_document(nomination, by=enterprise_user)
    add_document(nomination, by=enterprise_user, kind="self_assessment")
    response = enterprise_client.post(reverse("awards:submit", args=[nomination.pk]), follow=True)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REGISTERED
    assert cycle.dossier_deadline.strftime("%d/%m/%Y") in response.content.decode()
    # Uploading is refused too.
    enterprise_client.post(
        reverse("awards:document_upload", args=[nomination.pk]),
        {"kind": "dossier", "file": upload()},
    )
    assert nomination.documents.count() == 2


def test_another_organization_cannot_touch_the_dossier(client, registered, django_user_model):
    from portal.models import Role
    from tests.conftest import make_user

    other = make_user(Role.ENTERPRISE, "other@example.vn")
    member_of(other)
    client.force_login(other)
    response = client.post(
        reverse("awards:document_upload", args=[registered.pk]),
        {"kind": "dossier", "file": upload()},
    )
    assert response.status_code == 404
    assert client.post(reverse("awards:submit", args=[registered.pk])).status_code == 404
    assert not registered.documents.exists()


def test_withdraw(enterprise_client, registered):
    enterprise_client.post(
        reverse("awards:withdraw", args=[registered.pk]), {"reason": "Chưa đủ điều kiện"}
    )
    registered.refresh_from_db()
    assert registered.status == Nomination.Status.WITHDRAWN


def test_my_nominations_query_count(
    enterprise_client, enterprise_user, organization, django_assert_max_num_queries
):
    from .factories import past_cycle

    NominationFactory(cycle=past_cycle(2021), organization=organization)
    url = reverse("awards:my_nominations")
    with django_assert_max_num_queries(14) as small:
        enterprise_client.get(url)
    for year in range(2022, 2026):
        NominationFactory(cycle=past_cycle(year), organization=member_of(enterprise_user))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = enterprise_client.get(url)
    assert "2025" in response.content.decode()
