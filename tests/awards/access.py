"""Access rows for the National Quality Award. Dossiers and scores reach only the organization
(A's representative), program staff and the council member assigned (w.users["council"])."""

from django.contrib.auth.models import Group

from tests.access_matrix import (
    COUNCIL_ONLY,
    ENTERPRISE_ONLY,
    PUBLIC,
    STAFF_ONLY,
    Row,
    post_only,
    post_rows,
)

from .factories import OrganizationFactory, add_document, member_of, open_cycle

# A nomination of organization A: its representative, staff and the assigned council member
# reach it; B gets a 404 (it must not learn it exists); officials have no business there; a
# council member not assigned to it gets a 404 too.
NOMINATION = {
    "anonymous": "login",
    "ent_a": 200,
    "ent_b": 404,
    "staff": 200,
    "official": 403,
    "council": 200,
    "council_none": 404,
}
# The dossier's own pages (self-assessment): the organization and staff, not the council.
ORG_AND_STAFF = {**NOMINATION, "council": 403}
# Staff, and council members once they have submitted a review (the world's is only assigned).
RANKING = {**STAFF_ONLY}
# A review: its council member and staff.
REVIEW = {**STAFF_ONLY, "council": 200, "council_none": 404}


def _cycle(w):
    return {"pk": w.award_cycle.pk}


def _nomination(w):
    return {"pk": w.award_nomination.pk}


def _document(w):
    return {"pk": w.award_document.pk}


def _review(w):
    return {"pk": w.award_review.pk}


ROWS = [
    Row("awards:winners", PUBLIC),
    Row("awards:winners", PUBLIC, query="year=2024"),
    Row("awards:cycle_list", STAFF_ONLY),
    Row("awards:cycle_create", STAFF_ONLY),
    Row("awards:cycle_detail", STAFF_ONLY, kwargs=_cycle),
    Row("awards:cycle_edit", STAFF_ONLY, kwargs=_cycle),
    Row("awards:cycle_criteria", STAFF_ONLY, kwargs=_cycle),
    Row("awards:cycle_levels", STAFF_ONLY, kwargs=_cycle),
    Row("awards:cycle_copy", post_only(STAFF_ONLY), kwargs=_cycle),
    Row("awards:encourage", STAFF_ONLY, kwargs=_cycle),
    Row("awards:nomination_list", STAFF_ONLY),
    Row("awards:check", post_only(STAFF_ONLY), kwargs=_nomination),
    Row("awards:assign", STAFF_ONLY, kwargs=_nomination),
    Row("awards:unassign", post_only(STAFF_ONLY), kwargs=_review),
    Row("awards:decide", STAFF_ONLY, kwargs=_nomination),
    Row("awards:result", STAFF_ONLY, kwargs=_nomination),
    Row("awards:ranking", RANKING),
    Row("awards:nomination_detail", NOMINATION, kwargs=_nomination),
    Row("awards:document_upload", post_only(NOMINATION), kwargs=_nomination),
    Row("awards:self_assessment", ORG_AND_STAFF, kwargs=_nomination),
    Row("awards:submit", post_only(NOMINATION), kwargs=_nomination),
    Row("awards:withdraw", post_only(NOMINATION), kwargs=_nomination),
    Row("awards:document_download", NOMINATION, kwargs=_document),
    Row("awards:document_delete", post_only(NOMINATION), kwargs=_document),
    Row("awards:my_nominations", ENTERPRISE_ONLY),
    Row("awards:apply", ENTERPRISE_ONLY, kwargs=_cycle),
    Row("awards:council_reviews", COUNCIL_ONLY),
    Row("awards:review", REVIEW, kwargs=_review),
    Row("awards:pick_cycle_candidate", STAFF_ONLY, kwargs=_cycle),
]

# Every URL that changes state, POSTed (with an empty form) by each role.
POST_ROWS = post_rows(
    ROWS,
    {
        "awards:cycle_create": 200,
        "awards:cycle_edit": 200,
        "awards:cycle_criteria": 200,
        "awards:cycle_levels": 200,
        "awards:cycle_copy": "redirect",
        "awards:encourage": 200,
        "awards:check": "redirect",
        "awards:assign": 200,
        "awards:unassign": "redirect",
        "awards:decide": 200,
        "awards:result": 200,
        "awards:document_upload": ("redirect", {"council_none": 404}),
        "awards:self_assessment": (200, {"council_none": 404}),
        # Only the organization's representatives: anyone else hears why (403, the service's check).
        "awards:submit": (
            "redirect",
            {"council_none": 404, "staff": 403, "council": 403, "superuser": 403},
        ),
        "awards:withdraw": ("redirect", {"council_none": 404}),
        "awards:document_delete": (
            "redirect",
            {"council_none": 404, "staff": 403, "council": 403, "superuser": 403},
        ),
        "awards:apply": 200,
        "awards:review": (200, {"council": "redirect", "council_none": 404}),
    },
)

# URLs that only show something: no POST row.
READ_ONLY = {
    "awards:pick_cycle_candidate",
    "awards:winners",
    "awards:cycle_list",
    "awards:cycle_detail",
    "awards:nomination_list",
    "awards:ranking",
    "awards:nomination_detail",
    "awards:document_download",
    "awards:my_nominations",
    "awards:council_reviews",
}


def build_world(w) -> None:
    from awards.models import Nomination, Review

    for attr, role in (("org_a", "ent_a"), ("org_b", "ent_b")):
        if not hasattr(w, attr):
            setattr(w, attr, member_of(w.users[role], OrganizationFactory()))
    assert Group.objects.filter(name="council_member").exists()
    w.award_cycle = open_cycle()
    w.award_nomination = Nomination.objects.create(
        cycle=w.award_cycle,
        organization=w.org_a,
        category=Nomination.Category.SME_MANUFACTURING,
        status=Nomination.Status.UNDER_REVIEW,
    )
    w.award_document = add_document(w.award_nomination, by=w.users["ent_a"])
    w.award_review = Review.objects.create(
        nomination=w.award_nomination, reviewer=w.users["council"]
    )
