from django.urls import path

from .pickers import urlpatterns as picker_urlpatterns
from .views import catalog, imports, mine, pilots, public, registry, review, support

app_name = "enterprises"

urlpatterns = [
    # Public
    path("register/", public.register, name="register"),
    path("register/done/", public.register_done, name="register_done"),
    path("register/confirm/<str:token>/", public.register_confirm, name="register_confirm"),
    path("join/", public.join, name="join"),
    path("privacy/", public.privacy, name="privacy"),
    # Enterprise area
    path("my/", mine.my_list, name="my_list"),
    path("my/<int:pk>/", mine.my_detail, name="my_detail"),
    path("my/<int:pk>/edit/", mine.my_edit, name="my_edit"),
    path("my/<int:pk>/resubmit/", mine.my_resubmit, name="my_resubmit"),
    path("my/<int:pk>/requests/", mine.my_requests, name="my_requests"),
    path("my/<int:pk>/requests/new/", mine.my_request_new, name="my_request_new"),
    path("requests/<int:pk>/", mine.request_detail, name="request_detail"),
    path(
        "requests/documents/<int:pk>/",
        mine.request_document_download,
        name="request_document_download",
    ),
    path("requests/<int:pk>/withdraw/", mine.request_withdraw, name="request_withdraw"),
    path("evidence/<int:pk>/download/", support.evidence_download, name="evidence_download"),
    # Staff: registry
    path("staff/organizations/", registry.registry, name="registry"),
    path("staff/organizations/export/", registry.registry_export, name="registry_export"),
    path("staff/organizations/new/", registry.organization_create, name="organization_create"),
    path("staff/organizations/<int:pk>/", registry.organization_detail, name="organization_detail"),
    path(
        "staff/organizations/<int:pk>/edit/", registry.organization_edit, name="organization_edit"
    ),
    path(
        "staff/organizations/<int:pk>/deactivate/",
        registry.organization_deactivate,
        name="organization_deactivate",
    ),
    path(
        "staff/organizations/<int:pk>/reactivate/",
        registry.organization_reactivate,
        name="organization_reactivate",
    ),
    path(
        "staff/memberships/<int:pk>/revoke/", registry.membership_revoke, name="membership_revoke"
    ),
    # Staff: review queue
    path("staff/review/", review.review_queue, name="review_queue"),
    path(
        "staff/review/<int:pk>/<str:decision>/",
        review.review_decide,
        name="review_decide",
    ),
    path(
        "staff/memberships/<int:pk>/<str:decision>/",
        review.membership_decide,
        name="membership_decide",
    ),
    path(
        "staff/change-requests/<int:pk>/<str:decision>/",
        review.change_decide,
        name="change_decide",
    ),
    # Staff: support ledger and requests
    path("staff/support/", support.ledger, name="ledger"),
    path("staff/support/new/", support.activity_new, name="activity_new"),
    path("staff/support/<int:pk>/", support.activity_detail, name="activity_detail"),
    path("staff/support/<int:pk>/edit/", support.activity_edit, name="activity_edit"),
    path("staff/support/<int:pk>/cancel/", support.activity_cancel, name="activity_cancel"),
    path("staff/support/<int:pk>/evidence/", support.evidence_upload, name="evidence_upload"),
    path("staff/evidence/<int:pk>/delete/", support.evidence_delete, name="evidence_delete"),
    path("staff/requests/", support.staff_requests, name="staff_requests"),
    path("staff/requests/<int:pk>/respond/", support.request_respond, name="request_respond"),
    # Staff: pilot models
    path("staff/pilot-models/", pilots.pilot_list, name="pilot_list"),
    path("staff/pilot-models/new/", pilots.pilot_new, name="pilot_new"),
    path("staff/pilot-models/<int:pk>/", pilots.pilot_detail, name="pilot_detail"),
    path("staff/pilot-models/<int:pk>/edit/", pilots.pilot_edit, name="pilot_edit"),
    path(
        "staff/pilot-models/<int:pk>/transition/",
        pilots.pilot_transition,
        name="pilot_transition",
    ),
    path(
        "staff/pilot-models/<int:pk>/sharing-events/",
        pilots.sharing_event_new,
        name="sharing_event_new",
    ),
    path(
        "staff/pilot-models/<int:pk>/replications/",
        pilots.pilot_replication_new,
        name="pilot_replication_new",
    ),
    path(
        "staff/pilot-models/replications/<int:pk>/delete/",
        pilots.pilot_replication_delete,
        name="pilot_replication_delete",
    ),
    # Staff: solutions and imports
    path("staff/solutions/", catalog.solution_list, name="solution_list"),
    path("staff/solutions/new/", catalog.solution_new, name="solution_new"),
    path("staff/solutions/<int:pk>/edit/", catalog.solution_edit, name="solution_edit"),
    path("staff/industry-concordance/", catalog.concordance_list, name="concordance_list"),
    path(
        "staff/industry-concordance/<int:pk>/edit/",
        catalog.concordance_edit,
        name="concordance_edit",
    ),
    path("staff/import/", imports.import_upload, name="import"),
    path("staff/import/commit/", imports.import_commit_view, name="import_commit"),
    path("staff/import/template/<str:kind>/", imports.import_template, name="import_template"),
    *picker_urlpatterns,
]
