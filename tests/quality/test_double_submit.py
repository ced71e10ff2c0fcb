"""A create form sent twice at once: a clear form error (or the same record), never a 500.

Found by the hostile-input review (issue 13, item 10): posting a create form twice at the same
moment passed the services' "already exists" checks in both requests; the second insert then hit
the unique key (IntegrityError, a 500 on PostgreSQL), and support requests, having no key, were
saved twice.

The race is reproduced deterministically: the other request's row lands between this request's
checks and its insert (the model's `save` inserts a twin first). `test_two_posts_at_once_*`
runs the real thing with two threads on PostgreSQL."""

import copy
import threading
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from awards.models import AwardCycle
from enterprises.models import Organization, Solution, SupportRequest
from portal.models import Article, Policy
from reports.models import Indicator, Target
from tests.conftest import require_service
from tests.enterprises.factories import (
    CommuneFactory,
    ProvinceFactory,
    solution,
    valid_tax_code,
)
from tests.enterprises.test_registration import registration_data
from trainings.models import Consultant, Course, Expert

# Where the service names no message of its own. (In real life the model's own "already exists"
# message is shown: the other request's row is committed by then. Here the twin is inserted in
# this request's savepoint and leaves with it, so the fallback message is what is left.)
SAVED_A_MOMENT_AGO = "vừa được lưu, có lẽ do cùng một biểu mẫu được gửi hai lần"


@contextmanager
def a_twin_lands_first(model):
    """The first new `model` row saved is preceded by its twin: what a second request, sent
    with the same data a moment earlier, would have inserted after this one's checks."""
    original = model.save
    landed = []

    def save(self, *args, **kwargs):
        if self._state.adding and not landed:
            landed.append(True)
            twin = copy.copy(self)
            twin._state = copy.copy(self._state)
            original(twin)
        return original(self, *args, **kwargs)

    with mock.patch.object(model, "save", save):
        yield landed


def _staff_data(world) -> dict:
    commune = CommuneFactory(code="08291", name="Xã Thanh Ba", parent=ProvinceFactory())
    return {
        "register": (
            "enterprises:register",
            None,
            Organization,
            registration_data(commune, tax_code=valid_tax_code(6161)),
            "Tổ chức có mã số thuế này đã được đăng ký",
        ),
        "organization_create": (
            "enterprises:organization_create",
            "staff",
            Organization,
            registration_data(commune, tax_code=valid_tax_code(6262)),
            "Tổ chức có mã số thuế này đã được đăng ký",
        ),
        "solution_new": (
            "enterprises:solution_new",
            "staff",
            Solution,
            {"group": "productivity_tools", "code": "smed", "name": "SMED", "order": "5"},
            SAVED_A_MOMENT_AGO,
        ),
        "expert_create": (
            "trainings:expert_create",
            "staff",
            Expert,
            {"full_name": "Đỗ Quang Vinh", "email": "vinh@example.vn", "is_active": "on"},
            "Đã có chuyên gia với địa chỉ e-mail này.",
        ),
        "consultant_create": (
            "trainings:consultant_create",
            "staff",
            Consultant,
            {"name": "Công ty Tư vấn Năng suất", "tax_code": valid_tax_code(6363)},
            SAVED_A_MOMENT_AGO,
        ),
        "course_create": (
            "trainings:course_create",
            "staff",
            Course,
            {
                "code": "HT-2027-09",
                "title": "Hội thảo năng suất",
                "kind": "awareness",
                "starts_on": "2027-03-10",
                "ends_on": "2027-03-11",
                "capacity": "40",
                "venue": "Hội trường Sở Khoa học và Công nghệ",
            },
            SAVED_A_MOMENT_AGO,
        ),
        "cycle_create": (
            "awards:cycle_create",
            "staff",
            AwardCycle,
            {
                "year": "2029",
                "name": "Giải thưởng Chất lượng Quốc gia 2029",
                "legal_basis": "Nghị định 37/2026/NĐ-CP",
                "categories": ["large_manufacturing"],
                "registration_opens": "2029-03-01",
                "registration_closes": "2029-05-31",
                "dossier_deadline": "2029-06-30",
                "review_deadline": "2029-08-31",
            },
            "Đã có kỳ xét thưởng cho năm này.",
        ),
        "target_create": (
            "reports:target_create",
            "staff",
            Target,
            {
                "indicator": Indicator.objects.get(code="EXPERTS_TRAINED").pk,
                "phase": Target.objects.filter(phase__code="2026-2030").first().phase_id,
                "year": "",
                "kind": "range",
                "minimum": "20",
                "maximum": "30",
                "reason": "Kế hoạch giai đoạn 2026–2030",
            },
            SAVED_A_MOMENT_AGO,
        ),
        "article_create": (
            "portal:staff_article_create",
            "staff",
            Article,
            {"title": "Hội nghị năng suất xanh", "category": "news", "body": "Nội dung."},
            SAVED_A_MOMENT_AGO,
        ),
        "policy_create": (
            "portal:staff_policy_create",
            "staff",
            Policy,
            {"title": "Hỗ trợ chuyển đổi số", "status": "researching", "is_public": "on"},
            SAVED_A_MOMENT_AGO,
        ),
    }


FORMS = [
    "register",
    "organization_create",
    "solution_new",
    "expert_create",
    "consultant_create",
    "course_create",
    "cycle_create",
    "target_create",
    "article_create",
    "policy_create",
]


@pytest.mark.parametrize("form", FORMS)
def test_a_create_form_sent_twice_at_once_gets_a_form_error(form, world):
    url_name, role, model, data, message = _staff_data(world)[form]
    client = Client()
    if role:
        client.force_login(world.users[role])
    before = model.objects.count()
    with a_twin_lands_first(model) as landed:
        response = client.post(reverse(url_name), data)
    assert landed, response.context["form"].errors
    assert response.status_code == 200
    form_errors = response.context.get("form").errors if response.context.get("form") else {}
    assert message in response.content.decode(), form_errors
    # Nothing of this request is kept (here the twin goes too: it was inserted inside this
    # request's transaction, where in real life it is the other request's, committed).
    assert model.objects.count() == before


def _representative(world):
    client = Client()
    client.force_login(world.users["ent_a"])
    return client, reverse("enterprises:my_request_new", args=[world.org_a.pk])


def test_a_support_request_sent_twice_is_saved_once(world):
    client, url = _representative(world)
    data = {"need": "Xây dựng ISO 9001 cho nhà máy.", "solutions": [solution("iso-9001").pk]}
    before = SupportRequest.objects.count()
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert SupportRequest.objects.count() == before + 1
    # A different request is a new one.
    client.post(url, {**data, "need": "Áp dụng 5S cho xưởng."})
    assert SupportRequest.objects.count() == before + 2


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_on_postgresql_give_one_record_and_no_500(world):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    data = {"full_name": "Lê Thu Hà", "email": "ha@example.vn", "is_active": "on"}
    barrier = threading.Barrier(2, timeout=20)
    original = Expert.save
    statuses = []

    def save(self, *args, **kwargs):
        if self._state.adding:
            barrier.wait()  # both requests have passed their checks
        return original(self, *args, **kwargs)

    def post():
        client = Client()
        client.force_login(world.users["staff"])
        try:
            statuses.append(client.post(reverse("trainings:expert_create"), data).status_code)
        finally:
            connection.close()

    with mock.patch.object(Expert, "save", save):
        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert sorted(statuses) == [200, 302]
    assert Expert.objects.filter(email="ha@example.vn").count() == 1
