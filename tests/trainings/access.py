"""Access rows for every trainings URL, and the objects they need."""

import datetime as dt

from django.utils import timezone

from tests.access_matrix import (
    ENTERPRISE_ONLY,
    PUBLIC,
    STAFF_ONLY,
    Row,
    everyone,
    post_only,
    post_rows,
)

from .factories import (
    ConsultantFactory,
    ContractDocumentFactory,
    ContractFactory,
    CourseFactory,
    EnrollmentFactory,
    ExpertFactory,
    OrganizationFactory,
    member,
    passed_with_certificate,
)

# A certificate belongs to its holder, the holder's organization and staff; anyone else gets a
# 404 (they must not learn that the number exists).
CERTIFICATE_OWN = {
    "anonymous": "login",
    "ent_a": 200,
    "ent_b": 404,
    "staff": 200,
    "official": 404,
    "council": 404,
}


def _course(w):
    return {"pk": w.trainings_course.pk}


def _past(w):
    return {"pk": w.trainings_past_course.pk}


def _certificate(w):
    return {"pk": w.trainings_certificate.pk}


def _expert(w):
    return {"pk": w.trainings_expert.pk}


def _consultant(w):
    return {"pk": w.trainings_consultant.pk}


def _contract(w):
    return {"pk": w.trainings_contract.pk}


ROWS = [
    Row("trainings:catalog", PUBLIC),
    Row("trainings:course_public", PUBLIC, kwargs=_course),
    Row("trainings:register", PUBLIC, kwargs=_course),
    Row(
        "trainings:enrollment_cancel_link",
        PUBLIC,
        kwargs=lambda w: {"token": w.trainings_cancel_token},
    ),
    Row("trainings:verify_form", PUBLIC),
    Row(
        "trainings:verify",
        PUBLIC,
        kwargs=lambda w: {"code": w.trainings_certificate.verification_code},
    ),
    Row("trainings:my_courses", ENTERPRISE_ONLY),
    Row(
        "trainings:enrollment_claim",
        {**everyone(405), "anonymous": "login"},
        kwargs=lambda w: {"pk": w.trainings_claim.pk},
    ),
    Row("trainings:certificate_pdf", CERTIFICATE_OWN, kwargs=_certificate),
    Row("trainings:course_list", STAFF_ONLY),
    Row("trainings:course_list", STAFF_ONLY, query="status=open&o=-title"),
    Row("trainings:enrollment_list", STAFF_ONLY),
    Row("trainings:enrollment_list", STAFF_ONLY, query="status=registered&o=-name"),
    Row("trainings:course_create", STAFF_ONLY),
    Row("trainings:course_detail", STAFF_ONLY, kwargs=_course),
    Row("trainings:course_edit", STAFF_ONLY, kwargs=_course),
    Row(
        "trainings:course_transition",
        post_only(STAFF_ONLY),
        kwargs=lambda w: {"pk": w.trainings_course.pk, "action": "close"},
    ),
    Row("trainings:enrollment_bulk", post_only(STAFF_ONLY), kwargs=_course),
    Row("trainings:course_results", STAFF_ONLY, kwargs=_past),
    Row("trainings:participant_add", STAFF_ONLY, kwargs=_past),
    Row("trainings:attendance_import", STAFF_ONLY, kwargs=_past),
    Row("trainings:attendance_template", STAFF_ONLY),
    Row("trainings:course_certificates_pdf", STAFF_ONLY, kwargs=_past),
    Row("trainings:certificate_revoke", STAFF_ONLY, kwargs=_certificate),
    Row("trainings:expert_list", STAFF_ONLY),
    Row("trainings:expert_create", STAFF_ONLY),
    Row("trainings:expert_detail", STAFF_ONLY, kwargs=_expert),
    Row("trainings:expert_edit", STAFF_ONLY, kwargs=_expert),
    Row("trainings:expert_assignment_add", STAFF_ONLY, kwargs=_expert),
    Row("trainings:consultant_list", STAFF_ONLY),
    Row("trainings:consultant_create", STAFF_ONLY),
    Row("trainings:consultant_detail", STAFF_ONLY, kwargs=_consultant),
    Row("trainings:consultant_edit", STAFF_ONLY, kwargs=_consultant),
    Row("trainings:contract_list", STAFF_ONLY),
    Row("trainings:contract_create", STAFF_ONLY),
    Row("trainings:contract_detail", STAFF_ONLY, kwargs=_contract),
    Row("trainings:contract_edit", STAFF_ONLY, kwargs=_contract),
    Row(
        "trainings:contract_action",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": w.trainings_contract.pk, "action": "sign"},
    ),
    Row("trainings:contract_log_add", post_only(STAFF_ONLY), kwargs=_contract),
    Row("trainings:contract_document_upload", post_only(STAFF_ONLY), kwargs=_contract),
    Row(
        "trainings:contract_document_download",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": w.trainings_document.pk},
    ),
    Row("trainings:budget", STAFF_ONLY),
    Row("trainings:pick_course", STAFF_ONLY, query="exclude=draft"),
    Row("trainings:pick_expert", STAFF_ONLY),
]

# Every URL that changes state, POSTed (with an empty form) by each role.
POST_ROWS = post_rows(
    ROWS,
    {
        "trainings:register": 200,
        "trainings:enrollment_cancel_link": "redirect",
        "trainings:enrollment_claim": {
            "anonymous": "login",
            "ent_a": "redirect",
            "ent_b": 404,
            "staff": "redirect",
            "official": 404,
            "council": 404,
        },
        "trainings:course_create": 200,
        "trainings:course_edit": 200,
        "trainings:course_transition": "redirect",
        "trainings:enrollment_bulk": "redirect",
        "trainings:course_results": 200,
        "trainings:participant_add": 200,
        "trainings:attendance_import": 200,
        "trainings:certificate_revoke": 200,
        "trainings:expert_create": 200,
        "trainings:expert_edit": 200,
        "trainings:expert_assignment_add": 200,
        "trainings:consultant_create": 200,
        "trainings:consultant_edit": 200,
        "trainings:contract_create": 200,
        "trainings:contract_edit": 200,
        "trainings:contract_action": 200,
        "trainings:contract_log_add": "redirect",
        "trainings:contract_document_upload": "redirect",
    },
)

# URLs that only show something: no POST row.
READ_ONLY = {
    "trainings:pick_course",
    "trainings:pick_expert",
    "trainings:catalog",
    "trainings:course_public",
    "trainings:verify_form",
    "trainings:verify",
    "trainings:my_courses",
    "trainings:certificate_pdf",
    "trainings:course_list",
    "trainings:enrollment_list",
    "trainings:course_detail",
    "trainings:course_certificates_pdf",
    "trainings:attendance_template",
    "trainings:expert_list",
    "trainings:expert_detail",
    "trainings:consultant_list",
    "trainings:consultant_detail",
    "trainings:contract_list",
    "trainings:contract_detail",
    "trainings:contract_document_download",
    "trainings:budget",
}


def build_world(w) -> None:
    from trainings.services import enrollment_cancel_token

    if getattr(w, "org_a", None) is None:
        w.org_a = OrganizationFactory(name="Công ty Cổ phần A")
        member(w.users["ent_a"], w.org_a)
    if getattr(w, "org_b", None) is None:
        w.org_b = OrganizationFactory(name="Công ty Cổ phần B")
        member(w.users["ent_b"], w.org_b)

    w.trainings_course = CourseFactory()  # open for registration
    guest = EnrollmentFactory(course=w.trainings_course, email="guest@example.vn")
    w.trainings_cancel_token = enrollment_cancel_token(guest)
    # Someone named organization A by its tax code: A (or staff) confirms.
    w.trainings_claim = EnrollmentFactory(
        course=w.trainings_course, email="claim@example.vn", claimed_organization=w.org_a
    )

    today = timezone.localdate()
    w.trainings_past_course = CourseFactory(
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=18),
        status="completed",
    )
    ent_a = w.users["ent_a"]
    w.trainings_certificate = passed_with_certificate(
        EnrollmentFactory(
            course=w.trainings_past_course,
            full_name="Lê Minh Tuấn",
            email=ent_a.email,
            user=ent_a,
            organization=w.org_a,
        )
    )
    w.trainings_expert = ExpertFactory()
    w.trainings_consultant = ConsultantFactory()
    w.trainings_contract = ContractFactory(consultant=w.trainings_consultant)
    w.trainings_document = ContractDocumentFactory(contract=w.trainings_contract)
