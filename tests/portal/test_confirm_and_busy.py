"""Irreversible steps ask first; slow steps disable their button (issue 14, item 10)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from enterprises.models import Organization
from tests.enterprises.factories import OrganizationFactory
from tests.trainings.factories import ContractFactory, CourseFactory
from trainings import services as training_services
from trainings.models import Contract, Course


def _signed_contract():
    contract = ContractFactory()
    return training_services.contract_sign(
        by=None,
        contract=contract,
        decision_number="125/QĐ-SKHCN",
        decision_date=dt.date(2024, 2, 20),
        contract_number=f"{contract.pk}/2024/HĐ-SKHCN",
        signed_on=dt.date(2024, 3, 1),
    )


def _has_attribute(content: str, tag_text: str, attribute: str) -> bool:
    """Whether an element whose text contains `tag_text` carries `attribute`."""
    for match in re.finditer(r"<(button|form)\b[^>]*>", content):
        end = content.find("</", match.end())
        if tag_text in content[match.start() : end] and attribute in match.group(0):
            return True
    return False


@pytest.mark.django_db
def test_reject_asks_first_with_and_without_javascript(staff_client):
    organization = OrganizationFactory(status=Organization.Status.PENDING, name="Công ty Gốm A")
    queue = staff_client.get(reverse("enterprises:review_queue")).content.decode()
    assert 'data-confirm="Từ chối đăng ký của Công ty Gốm A?' in queue
    url = reverse("enterprises:review_decide", args=[organization.pk, "reject"])
    # Without the modal's confirmed=1 (no JavaScript): a confirmation page, nothing decided.
    response = staff_client.post(url, {"reason": "Không đúng đối tượng"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Từ chối đăng ký của Công ty Gốm A?" in content
    assert 'name="reason" value="Không đúng đối tượng"' in content
    assert 'name="confirmed" value="1"' in content
    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING
    staff_client.post(url, {"reason": "Không đúng đối tượng", "confirmed": "1"})
    organization.refresh_from_db()
    assert organization.status == Organization.Status.REJECTED


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["terminate"])
def test_contract_termination_asks_first(staff_client, action):
    contract = _signed_contract()
    url = reverse("trainings:contract_action", args=[contract.pk, action])
    page = staff_client.get(url).content.decode()
    assert 'data-confirm="Chấm dứt hợp đồng này?' in page
    data = {"terminated_on": "01/05/2024", "reason": "Đơn vị tư vấn không thực hiện"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert 'data-testid="confirm-question"' in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED
    staff_client.post(url, {**data, "confirmed": "1"})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.TERMINATED


@pytest.mark.django_db
def test_settle_form_asks_first(staff_client):
    contract = _signed_contract()
    training_services.contract_start(by=None, contract=contract, starts_on=dt.date(2024, 3, 5))
    training_services.contract_accept(
        by=None, contract=contract, accepted_on=dt.date(2024, 9, 30), accepted_amount=1_000_000
    )
    page = staff_client.get(
        reverse("trainings:contract_action", args=[contract.pk, "settle"])
    ).content.decode()
    assert 'data-confirm="Quyết toán hợp đồng này?' in page


@pytest.mark.django_db
def test_course_cancel_asks_first(staff_client):
    course = CourseFactory()
    detail = staff_client.get(reverse("trainings:course_detail", args=[course.pk])).content
    assert b"data-confirm=" in detail
    url = reverse("trainings:course_transition", args=[course.pk, "cancel"])
    response = staff_client.post(url)
    assert response.status_code == 200
    course.refresh_from_db()
    assert course.status != Course.Status.CANCELLED
    staff_client.post(url, {"confirmed": "1"})
    course.refresh_from_db()
    assert course.status == Course.Status.CANCELLED


@pytest.mark.django_db
def test_slow_forms_are_marked_busy(staff_client):
    imports = staff_client.get(reverse("enterprises:import")).content.decode()
    assert _has_attribute(imports, "csrfmiddlewaretoken", "data-busy")
    started = dt.date.today() - dt.timedelta(days=3)
    course = CourseFactory(starts_on=started, status=Course.Status.CLOSED)
    results = staff_client.get(reverse("trainings:course_results", args=[course.pk]))
    assert results.status_code == 200
    assert "data-busy" in results.content.decode()
    reports = staff_client.get(reverse("reports:report_list")).content.decode()
    assert 'hx-disabled-elt="find button"' in reports or "data-busy" in reports


def test_the_shared_script_handles_both_attributes():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "static/js/portal.js").read_text()
    assert "[data-confirm]" in script
    assert "confirm-modal" in script
    assert 'hasAttribute("data-busy")' in script
    assert "aria-busy" in script
