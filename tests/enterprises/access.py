"""Access rows for the enterprises app, and the objects its URLs need (all of organization A)."""

from enterprises.models import (
    IndustryConcordance,
    Membership,
    Organization,
    OrganizationChangeRequest,
    PilotReplication,
    Solution,
)
from tests.access_matrix import (
    ENTERPRISE_ONLY,
    ORG_A_OWN,
    PUBLIC,
    STAFF_ONLY,
    Row,
    post_only,
    post_rows,
    staff_only,
)

from .factories import (
    MembershipFactory,
    OrganizationFactory,
    PilotModelFactory,
    SupportActivityFactory,
    SupportEvidenceFactory,
    SupportRequestDocumentFactory,
    SupportRequestFactory,
)

POST_STAFF = post_only(STAFF_ONLY)
POST_ORG_A = post_only(ORG_A_OWN)


def org_a(w):
    return {"pk": w.org_a.pk}


ROWS = [
    # Public
    Row("enterprises:register", PUBLIC),
    Row("enterprises:register_done", PUBLIC),
    Row("enterprises:register_confirm", PUBLIC, kwargs={"token": "not-a-valid-token"}),
    Row("enterprises:join", PUBLIC),
    Row("enterprises:privacy", PUBLIC),
    # Enterprise area
    Row("enterprises:my_list", ENTERPRISE_ONLY),
    Row("enterprises:my_detail", ORG_A_OWN, kwargs=org_a),
    # Organization B's page: its representative and the person acting for both; A gets a 404.
    Row(
        "enterprises:my_detail",
        {**ORG_A_OWN, "ent_a": 404, "ent_b": 200, "ent_ab": 200},
        kwargs=lambda w: {"pk": w.org_b.pk},
    ),
    Row("enterprises:my_edit", ORG_A_OWN, kwargs=org_a),
    Row("enterprises:my_resubmit", POST_ORG_A, kwargs=org_a),
    Row("enterprises:my_requests", ORG_A_OWN, kwargs=org_a),
    Row("enterprises:my_request_new", ORG_A_OWN, kwargs=org_a),
    Row("enterprises:request_detail", ORG_A_OWN, kwargs=lambda w: {"pk": w.support_request.pk}),
    Row(
        "enterprises:request_withdraw",
        POST_ORG_A,
        kwargs=lambda w: {"pk": w.support_request.pk},
    ),
    Row("enterprises:evidence_download", ORG_A_OWN, kwargs=lambda w: {"pk": w.evidence.pk}),
    Row(
        "enterprises:request_document_download",
        ORG_A_OWN,
        kwargs=lambda w: {"pk": w.request_document.pk},
    ),
    # Staff: registry
    Row("enterprises:registry", STAFF_ONLY),
    Row("enterprises:registry", STAFF_ONLY, query="q=cong+ty&status=active"),
    # The former export address starts an export job and goes to its page.
    Row("enterprises:registry_export", staff_only("redirect"), query="kind=enterprise&o=-name"),
    Row("enterprises:registry", STAFF_ONLY, query="year_supported=2025&o=-supports"),
    Row("enterprises:organization_create", STAFF_ONLY),
    Row("enterprises:organization_detail", STAFF_ONLY, kwargs=org_a),
    Row("enterprises:organization_edit", STAFF_ONLY, kwargs=org_a),
    Row("enterprises:organization_deactivate", POST_STAFF, kwargs=org_a),
    Row("enterprises:organization_reactivate", POST_STAFF, kwargs=org_a),
    Row(
        "enterprises:membership_revoke",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.membership_a.pk},
    ),
    # Staff: review
    Row("enterprises:review_queue", STAFF_ONLY),
    Row(
        "enterprises:review_decide",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.pending_org.pk, "decision": "approve"},
    ),
    Row(
        "enterprises:membership_decide",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.join_request.pk, "decision": "approve"},
    ),
    Row(
        "enterprises:change_decide",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.change_request.pk, "decision": "reject"},
    ),
    # Staff: ledger and requests
    Row("enterprises:ledger", STAFF_ONLY),
    Row("enterprises:activity_new", STAFF_ONLY),
    Row("enterprises:activity_detail", STAFF_ONLY, kwargs=lambda w: {"pk": w.activity.pk}),
    Row("enterprises:activity_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w.activity.pk}),
    Row("enterprises:activity_cancel", STAFF_ONLY, kwargs=lambda w: {"pk": w.activity.pk}),
    Row("enterprises:evidence_upload", POST_STAFF, kwargs=lambda w: {"pk": w.activity.pk}),
    Row("enterprises:evidence_delete", POST_STAFF, kwargs=lambda w: {"pk": w.evidence.pk}),
    Row("enterprises:staff_requests", STAFF_ONLY),
    Row(
        "enterprises:request_respond",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.support_request.pk},
    ),
    # Staff: pilot models
    Row("enterprises:pilot_list", STAFF_ONLY),
    Row("enterprises:pilot_new", STAFF_ONLY),
    Row("enterprises:pilot_detail", STAFF_ONLY, kwargs=lambda w: {"pk": w.pilot_model.pk}),
    Row("enterprises:pilot_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w.pilot_model.pk}),
    Row("enterprises:pilot_transition", POST_STAFF, kwargs=lambda w: {"pk": w.pilot_model.pk}),
    Row("enterprises:sharing_event_new", POST_STAFF, kwargs=lambda w: {"pk": w.pilot_model.pk}),
    Row(
        "enterprises:pilot_replication_new",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.pilot_model.pk},
    ),
    Row(
        "enterprises:pilot_replication_delete",
        POST_STAFF,
        kwargs=lambda w: {"pk": w.pilot_replication.pk},
    ),
    # Staff: solutions and import
    Row("enterprises:solution_list", STAFF_ONLY),
    Row("enterprises:solution_new", STAFF_ONLY),
    Row("enterprises:solution_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w.solution.pk}),
    Row("enterprises:concordance_list", STAFF_ONLY),
    Row("enterprises:concordance_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w.concordance.pk}),
    Row("enterprises:import", STAFF_ONLY),
    Row("enterprises:import_commit", POST_STAFF),
    Row("enterprises:import_template", STAFF_ONLY, kwargs={"kind": "organizations"}),
    Row("enterprises:import_template", STAFF_ONLY, kwargs={"kind": "activities"}),
    # Pickers: staff data, for staff only, as the forms that use them.
    Row("enterprises:pick_organization", STAFF_ONLY, query="q=a"),
    Row("enterprises:pick_support_activity", STAFF_ONLY),
]

# Every URL that changes state, POSTed (with an empty form) by each role.
POST_ROWS = post_rows(
    ROWS,
    {
        "enterprises:register": 200,
        "enterprises:register_confirm": 200,
        "enterprises:join": 200,
        "enterprises:my_edit": 200,
        "enterprises:my_resubmit": "redirect",
        "enterprises:my_request_new": 200,
        "enterprises:request_withdraw": "redirect",
        "enterprises:organization_create": 200,
        "enterprises:organization_edit": 200,
        "enterprises:organization_deactivate": "redirect",
        "enterprises:organization_reactivate": "redirect",
        "enterprises:membership_revoke": "redirect",
        "enterprises:review_decide": "redirect",
        "enterprises:membership_decide": "redirect",
        "enterprises:change_decide": "redirect",
        "enterprises:activity_new": 200,
        "enterprises:activity_edit": 200,
        "enterprises:activity_cancel": 200,
        "enterprises:evidence_upload": "redirect",
        "enterprises:evidence_delete": "redirect",
        "enterprises:request_respond": "redirect",
        "enterprises:pilot_new": 200,
        "enterprises:pilot_edit": 200,
        "enterprises:pilot_transition": "redirect",
        "enterprises:sharing_event_new": "redirect",
        "enterprises:pilot_replication_new": "redirect",
        "enterprises:pilot_replication_delete": "redirect",
        "enterprises:concordance_edit": 200,
        "enterprises:solution_new": 200,
        "enterprises:solution_edit": 200,
        "enterprises:import": 200,
        "enterprises:import_commit": "redirect",
    },
)

# URLs that only show something: no POST row.
READ_ONLY = {
    "enterprises:pick_organization",
    "enterprises:pick_support_activity",
    "enterprises:register_done",
    "enterprises:privacy",
    "enterprises:my_list",
    "enterprises:my_detail",
    "enterprises:my_requests",
    "enterprises:request_detail",
    "enterprises:evidence_download",
    "enterprises:request_document_download",
    "enterprises:registry",
    "enterprises:registry_export",
    "enterprises:organization_detail",
    "enterprises:review_queue",
    "enterprises:ledger",
    "enterprises:activity_detail",
    "enterprises:staff_requests",
    "enterprises:pilot_list",
    "enterprises:pilot_detail",
    "enterprises:solution_list",
    "enterprises:concordance_list",
    "enterprises:import_template",
}


def build_world(w) -> None:
    """Organizations A and B with their representatives, and one of each object, all of A."""
    if getattr(w, "org_a", None) is None:
        w.org_a = OrganizationFactory(name="Công ty Cổ phần Chè Phú Thọ A")
    if getattr(w, "org_b", None) is None:
        w.org_b = OrganizationFactory(name="Hợp tác xã Bưởi B")
    w.membership_a, _ = Membership.objects.get_or_create(
        user=w.users["ent_a"],
        organization=w.org_a,
        defaults={"role": Membership.Role.REPRESENTATIVE, "status": Membership.Status.ACTIVE},
    )
    Membership.objects.get_or_create(
        user=w.users["ent_b"],
        organization=w.org_b,
        defaults={"role": Membership.Role.REPRESENTATIVE, "status": Membership.Status.ACTIVE},
    )
    w.solution = Solution.objects.get(code="5s")
    w.concordance = IndustryConcordance.objects.get(
        source_version="vsic2018", source_code="71", target_version="vsic2025"
    )
    w.support_request = SupportRequestFactory(organization=w.org_a)
    w.activity = SupportActivityFactory(organization=w.org_a, request=w.support_request)
    w.evidence = SupportEvidenceFactory(activity=w.activity)
    w.request_document = SupportRequestDocumentFactory(request=w.support_request)
    w.pilot_model = PilotModelFactory(organization=w.org_a)
    w.pilot_replication = PilotReplication.objects.create(
        pilot_model=w.pilot_model, organization=w.org_b, replicated_on=w.pilot_model.selected_on
    )
    w.pending_org = OrganizationFactory(
        name="Công ty chờ duyệt", status=Organization.Status.PENDING
    )
    w.join_request = MembershipFactory(
        organization=w.org_a,
        user=w.users["council"],
        role=Membership.Role.MEMBER,
        status=Membership.Status.PENDING,
    )
    w.change_request = OrganizationChangeRequest.objects.create(
        organization=w.org_a,
        old_name=w.org_a.name,
        old_tax_code=w.org_a.tax_code,
        new_name=w.org_a.name + " mới",
        new_tax_code=w.org_a.tax_code,
        requested_by=w.users["ent_a"],
    )
