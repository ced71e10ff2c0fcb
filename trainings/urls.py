from django.urls import path, re_path

from .pickers import urlpatterns as picker_urlpatterns
from .views import contracts, courses, enterprise, experts, public

app_name = "trainings"

urlpatterns = [
    # Public: the catalog, registration, cancelling by link, certificate verification.
    path("", public.catalog, name="catalog"),
    path("courses/<int:pk>/", public.course_public, name="course_public"),
    path("courses/<int:pk>/register/", public.register, name="register"),
    path("cancel/<str:token>/", public.enrollment_cancel_link, name="enrollment_cancel_link"),
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:code>/", public.verify, name="verify"),
    # Enterprise area and certificate downloads.
    path("my/", enterprise.my_courses, name="my_courses"),
    path(
        "enrollments/<int:pk>/organization/", enterprise.enrollment_claim, name="enrollment_claim"
    ),
    path("certificates/<int:pk>/pdf/", enterprise.certificate_pdf, name="certificate_pdf"),
    # Staff: courses.
    path("staff/courses/", courses.course_list, name="course_list"),
    path("staff/courses/new/", courses.course_create, name="course_create"),
    path("staff/enrollments/", courses.enrollment_list, name="enrollment_list"),
    path("staff/courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("staff/courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    re_path(
        r"^staff/courses/(?P<pk>[0-9]+)/status/(?P<action>open|close|complete|cancel)/$",
        courses.course_transition,
        name="course_transition",
    ),
    path("staff/courses/<int:pk>/enrollments/", courses.enrollment_bulk, name="enrollment_bulk"),
    path("staff/courses/<int:pk>/results/", courses.course_results, name="course_results"),
    path(
        "staff/courses/<int:pk>/participants/new/",
        courses.participant_add,
        name="participant_add",
    ),
    path(
        "staff/courses/<int:pk>/attendance/",
        courses.attendance_import,
        name="attendance_import",
    ),
    path(
        "staff/courses/attendance-template.xlsx",
        courses.attendance_template,
        name="attendance_template",
    ),
    path(
        "staff/courses/<int:pk>/certificates.pdf",
        courses.course_certificates_pdf,
        name="course_certificates_pdf",
    ),
    path(
        "staff/certificates/<int:pk>/revoke/", courses.certificate_revoke, name="certificate_revoke"
    ),
    # Staff: the expert pool.
    path("staff/experts/", experts.expert_list, name="expert_list"),
    path("staff/experts/new/", experts.expert_create, name="expert_create"),
    path("staff/experts/<int:pk>/", experts.expert_detail, name="expert_detail"),
    path("staff/experts/<int:pk>/edit/", experts.expert_edit, name="expert_edit"),
    path(
        "staff/experts/<int:pk>/assignments/new/",
        experts.expert_assignment_add,
        name="expert_assignment_add",
    ),
    # Staff: consultants, contracts, budget.
    path("staff/consultants/", contracts.consultant_list, name="consultant_list"),
    path("staff/consultants/new/", contracts.consultant_create, name="consultant_create"),
    path("staff/consultants/<int:pk>/", contracts.consultant_detail, name="consultant_detail"),
    path("staff/consultants/<int:pk>/edit/", contracts.consultant_edit, name="consultant_edit"),
    path("staff/contracts/", contracts.contract_list, name="contract_list"),
    path("staff/contracts/new/", contracts.contract_create, name="contract_create"),
    path("staff/contracts/<int:pk>/", contracts.contract_detail, name="contract_detail"),
    path("staff/contracts/<int:pk>/edit/", contracts.contract_edit, name="contract_edit"),
    re_path(
        r"^staff/contracts/(?P<pk>[0-9]+)/(?P<action>sign|start|accept|settle|terminate)/$",
        contracts.contract_action,
        name="contract_action",
    ),
    path("staff/contracts/<int:pk>/log/", contracts.contract_log_add, name="contract_log_add"),
    path(
        "staff/contracts/<int:pk>/documents/",
        contracts.contract_document_upload,
        name="contract_document_upload",
    ),
    path(
        "staff/contract-documents/<int:pk>/",
        contracts.contract_document_download,
        name="contract_document_download",
    ),
    path("staff/budget/", contracts.budget, name="budget"),
    *picker_urlpatterns,
]
