"""Consultants (tax codes), the contract lifecycle and its rules, the monitoring log, private
documents and the yearly budget."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trainings import selectors, services
from trainings.models import Consultant, Contract, ContractDocument

from .factories import ConsultantFactory, ContractDocumentFactory, ContractFactory, CourseFactory

D = dt.date
CS = Contract.Status


SIGNED_ON = D(2024, 3, 1)


def signed(contract, on=SIGNED_ON):
    return services.contract_sign(
        by=None,
        contract=contract,
        decision_number="125/QĐ-SKHCN",
        decision_date=on - dt.timedelta(days=10),
        contract_number=f"{contract.pk}/2024/HĐ-SKHCN",
        signed_on=on,
    )


def settled_contract(value=200_000_000, accepted=190_000_000, settled=185_000_000):
    contract = signed(ContractFactory(value=value))
    services.contract_start(by=None, contract=contract, starts_on=D(2024, 3, 5))
    services.contract_accept(
        by=None, contract=contract, accepted_on=D(2024, 9, 30), accepted_amount=accepted
    )
    return services.contract_settle(
        by=None, contract=contract, settled_on=D(2024, 11, 15), settled_amount=settled
    )


# --- Consultants --------------------------------------------------------------------------


@pytest.mark.django_db
def test_consultant_tax_code_is_checked_and_normalised():
    consultant = services.consultant_create(
        by=None, name="Công ty Tư vấn ISO Việt", tax_code="0100233488001"
    )
    assert consultant.tax_code == "0100233488-001"
    with pytest.raises(ValidationError) as exc:
        services.consultant_create(by=None, name="Sai mã", tax_code="0100233489")
    assert "tax_code" in exc.value.message_dict


@pytest.mark.django_db
def test_consultant_form_shows_tax_code_error_in_vietnamese(staff_client):
    response = staff_client.post(
        reverse("trainings:consultant_create"), {"name": "Trung tâm A", "tax_code": "123"}
    )
    assert "Nhập mã số thuế hợp lệ" in response.content.decode()
    assert not Consultant.objects.exists()


@pytest.mark.django_db
def test_consultant_search_ignores_accents(staff_client):
    services.consultant_create(
        by=None, name="Trung tâm Năng suất Chất lượng", tax_code="0100233488"
    )
    services.consultant_create(by=None, name="Công ty Kiểm định", tax_code="0100109106")
    content = staff_client.get(
        reverse("trainings:consultant_list"), {"q": "nang suat"}
    ).content.decode()
    assert "Trung tâm Năng suất Chất lượng" in content
    assert "Công ty Kiểm định" not in content


# --- Lifecycle ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_full_lifecycle_with_log():
    contract = settled_contract()
    assert contract.status == CS.SETTLED
    assert contract.settled_amount == 185_000_000
    notes = list(contract.log_entries.values_list("note", flat=True))
    assert len(notes) == 4  # signed, started, accepted, settled (the factory skips drafting)


@pytest.mark.django_db
def test_nothing_is_accepted_before_signing():
    contract = ContractFactory()
    with pytest.raises(ValidationError):
        services.contract_accept(
            by=None, contract=contract, accepted_on=D(2024, 5, 1), accepted_amount=1
        )
    with pytest.raises(ValidationError):
        services.contract_start(by=None, contract=contract, starts_on=D(2024, 5, 1))
    contract.refresh_from_db()
    assert contract.status == CS.DRAFT


@pytest.mark.django_db
def test_signing_requires_numbers_and_dates():
    contract = ContractFactory()
    with pytest.raises(ValidationError) as exc:
        services.contract_sign(
            by=None,
            contract=contract,
            decision_number="",
            decision_date=None,
            contract_number="",
            signed_on=None,
        )
    assert set(exc.value.message_dict) == {
        "decision_number",
        "decision_date",
        "contract_number",
        "signed_on",
    }


@pytest.mark.django_db
def test_decision_must_precede_signing_and_no_future_dates():
    contract = ContractFactory()
    with pytest.raises(ValidationError) as exc:
        services.contract_sign(
            by=None,
            contract=contract,
            decision_number="1",
            decision_date=D(2024, 5, 2),
            contract_number="1/HĐ",
            signed_on=D(2024, 5, 1),
        )
    assert "decision_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.contract_sign(
            by=None,
            contract=contract,
            decision_number="1",
            decision_date=D(2024, 5, 1),
            contract_number="1/HĐ",
            signed_on=timezone.localdate() + dt.timedelta(days=3),
        )
    assert "signed_on" in exc.value.message_dict


@pytest.mark.django_db
def test_amounts_are_bounded():
    contract = signed(ContractFactory(value=100_000_000))
    services.contract_start(by=None, contract=contract, starts_on=D(2024, 3, 2))
    with pytest.raises(ValidationError) as exc:
        services.contract_accept(
            by=None, contract=contract, accepted_on=D(2024, 6, 1), accepted_amount=100_000_001
        )
    assert "accepted_amount" in exc.value.message_dict
    services.contract_accept(
        by=None, contract=contract, accepted_on=D(2024, 6, 1), accepted_amount=90_000_000
    )
    with pytest.raises(ValidationError) as exc:
        services.contract_settle(
            by=None, contract=contract, settled_on=D(2024, 7, 1), settled_amount=90_000_001
        )
    assert "settled_amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.contract_settle(
            by=None, contract=contract, settled_on=D(2024, 5, 1), settled_amount=1
        )
    assert "settled_on" in exc.value.message_dict


@pytest.mark.django_db
def test_terminate_needs_reason_and_only_from_signed_or_running():
    contract = signed(ContractFactory())
    with pytest.raises(ValidationError):
        services.contract_terminate(
            by=None, contract=contract, terminated_on=D(2024, 4, 1), reason=""
        )
    services.contract_terminate(
        by=None, contract=contract, terminated_on=D(2024, 4, 1), reason="Nhà thầu không đủ năng lực"
    )
    contract.refresh_from_db()
    assert contract.status == CS.TERMINATED
    with pytest.raises(ValidationError):
        services.contract_update(by=None, contract=contract, title="Khác")
    with pytest.raises(ValidationError):
        services.contract_terminate(
            by=None, contract=ContractFactory(), terminated_on=D(2024, 4, 1), reason="x"
        )


@pytest.mark.django_db
def test_value_of_signed_contract_is_frozen():
    contract = signed(ContractFactory(value=100_000_000))
    with pytest.raises(ValidationError):
        services.contract_update(by=None, contract=contract, value=120_000_000)


@pytest.mark.django_db
def test_contract_action_views(staff_client):
    contract = ContractFactory(value=80_000_000)
    url = reverse("trainings:contract_action", args=[contract.pk, "sign"])
    response = staff_client.post(url, {"decision_number": "", "contract_number": ""})
    assert "Trường này là bắt buộc" in response.content.decode()
    staff_client.post(
        url,
        {
            "decision_number": "12/QĐ-SKHCN",
            "decision_date": "2024-02-01",
            "contract_number": "05/2024/HĐ",
            "signed_on": "2024-02-05",
        },
    )
    contract.refresh_from_db()
    assert contract.status == CS.SIGNED
    accept = reverse("trainings:contract_action", args=[contract.pk, "accept"])
    response = staff_client.post(accept, {"accepted_on": "2024-06-01", "accepted_amount": "1"})
    assert "Chỉ nghiệm thu được hợp đồng đang thực hiện" in response.content.decode()
    detail = staff_client.get(reverse("trainings:contract_detail", args=[contract.pk]))
    assert "05/2024/HĐ" in detail.content.decode()
    assert "80.000.000\u00a0đ" in detail.content.decode()


@pytest.mark.django_db
def test_contract_scope_links_courses(staff_client):
    consultant = ConsultantFactory()
    course = CourseFactory(title="Lớp Lean Six Sigma")
    staff_client.post(
        reverse("trainings:contract_create"),
        {
            "title": "Hợp đồng đào tạo Lean",
            "consultant": consultant.pk,
            "selection_method": "competitive_shopping",
            "value": "250000000",
            "courses": [course.pk],
        },
    )
    contract = Contract.objects.get()
    assert list(contract.courses.all()) == [course]
    assert contract.status == CS.DRAFT


@pytest.mark.django_db
def test_monitoring_log_entry(staff_client, staff_user):
    contract = ContractFactory()
    staff_client.post(
        reverse("trainings:contract_log_add", args=[contract.pk]),
        {"date": "2024-04-10", "note": "Kiểm tra lớp học: 32/35 học viên có mặt."},
    )
    entry = contract.log_entries.get(note__startswith="Kiểm tra")
    assert entry.author == staff_user


# --- Documents ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_document_upload_checks_content_not_name(staff_client):
    contract = ContractFactory()
    url = reverse("trainings:contract_document_upload", args=[contract.pk])
    fake = SimpleUploadedFile(
        "hop-dong.pdf", b"#!/bin/sh\nrm -rf /", content_type="application/pdf"
    )
    response = staff_client.post(url, {"kind": "contract", "file": fake}, follow=True)
    assert "không thuộc loại tài liệu được chấp nhận" in response.content.decode()
    assert not ContractDocument.objects.exists()
    real = SimpleUploadedFile("Hợp đồng số 5.pdf", b"%PDF-1.7\n...", content_type="text/plain")
    staff_client.post(url, {"kind": "contract", "file": real})
    document = ContractDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "Hợp đồng số 5.pdf"


@pytest.mark.django_db
def test_document_size_limit(staff_client, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    contract = ContractFactory()
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    response = staff_client.post(
        reverse("trainings:contract_document_upload", args=[contract.pk]),
        {"kind": "contract", "file": big},
        follow=True,
    )
    assert "Tệp quá lớn (1,0\xa0MB); dung lượng tối đa là 1,0\xa0MB." in response.content.decode()
    assert not ContractDocument.objects.exists()


@pytest.mark.django_db
def test_document_download_staff_only(client, staff_client):
    document = ContractDocumentFactory()
    url = reverse("trainings:contract_document_download", args=[document.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="tai-lieu-hop-dong-{document.pk}.pdf"'
    )


# --- Budget -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_budget_per_year(staff_client):
    settled_contract(value=200_000_000, accepted=190_000_000, settled=185_000_000)
    signed(ContractFactory(value=50_000_000), on=D(2024, 8, 1))
    signed(ContractFactory(value=70_000_000), on=D(2023, 8, 1))
    ContractFactory(value=999_000_000)  # a draft commits nothing
    rows = {row["year"]: row for row in selectors.budget_by_year([2023, 2024, 2025])}
    assert rows[2024] == {
        "year": 2024,
        "committed": 250_000_000,
        "accepted": 190_000_000,
        "settled": 185_000_000,
    }
    assert rows[2023]["committed"] == 70_000_000
    assert rows[2025]["committed"] == 0
    content = staff_client.get(reverse("trainings:budget"), {"year": 2024}).content.decode()
    assert "250.000.000\u00a0đ" in content
    assert "185.000.000\u00a0đ" in content
