"""Provincial review: assignment, scoring within bounds, hidden scores, ranking, decisions."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import selectors, services
from awards.models import Nomination, NominationDocument, Review
from portal.models import Role
from tests.conftest import make_user

from .factories import (
    PDF_BYTES,
    NominationFactory,
    add_document,
    assign,
    past_cycle,
    submit_review,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(cycle):
    nomination = NominationFactory(cycle=cycle, status=Nomination.Status.DOSSIER_SUBMITTED)
    add_document(nomination)
    return nomination


def test_staff_assign_council_members(
    staff_client,
    submitted,
    council_user,
    council_user2,
    mailoutbox,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from awards import tasks

    queued = []
    monkeypatch.setattr(
        tasks.notify_review_assigned_task,
        "apply_async",
        lambda args=(), kwargs=None, **options: queued.append(args[0]),
    )
    page = staff_client.get(reverse("awards:assign", args=[submitted.pk])).content.decode()
    assert council_user.full_name in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("awards:assign", args=[submitted.pk]),
            {"reviewers": [council_user.pk, council_user2.pk]},
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.UNDER_REVIEW
    reviews = submitted.reviews.all()
    assert {r.reviewer_id for r in reviews} == {council_user.pk, council_user2.pk}
    # One notification queued per member, after commit, by id; the task e-mails them.
    assert sorted(queued) == sorted(r.pk for r in reviews)
    for pk in queued:
        assert tasks.notify_review_assigned_task.apply(args=[pk]).get() is True
    assert {m.to[0] for m in mailoutbox} == {council_user.email, council_user2.email}
    assert submitted.organization.name in mailoutbox[0].body
    assert "/awards/council/reviews/" in mailoutbox[0].body


def test_only_council_members_can_be_assigned(staff_user, submitted, enterprise_user):
    with pytest.raises(ValidationError):
        services.reviews_assign(nomination=submitted, reviewers=[enterprise_user], by=staff_user)
    assert not Review.objects.exists()


def test_an_unsubmitted_dossier_cannot_be_assigned(staff_user, cycle, council_user):
    nomination = NominationFactory(cycle=cycle)
    with pytest.raises(ValidationError):
        services.reviews_assign(nomination=nomination, reviewers=[council_user], by=staff_user)


def _data(criteria, points, submit=False):
    data = {f"points_{c.pk}": p for c, p in zip(criteria, points, strict=True)}
    data.update({f"comment_{c.pk}": "Nhận xét" for c in criteria})
    data["overall"] = "Tổng quan"
    data["submit" if submit else "save"] = "1"
    return data


def test_scores_are_bounded_by_each_criterion_on_the_server(
    council_client, submitted, council_user
):
    review = assign(submitted, council_user)
    criteria = list(submitted.cycle.criteria.all())
    points = [c.max_points for c in criteria]
    points[0] = 999  # leadership is worth 120
    response = council_client.post(
        reverse("awards:review", args=[review.pk]), _data(criteria, points)
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not review.scores.exists()
    with pytest.raises(ValidationError):
        services.review_save(review=review, by=council_user, scores={criteria[0].pk: 121})
    with pytest.raises(ValidationError):
        services.review_save(review=review, by=council_user, scores={criteria[0].pk: -1})


def test_save_a_draft_then_submit(council_client, submitted, council_user):
    review = assign(submitted, council_user)
    criteria = list(submitted.cycle.criteria.all())
    url = reverse("awards:review", args=[review.pk])
    partial = [c.max_points // 2 for c in criteria[:3]] + [""] * (len(criteria) - 3)
    council_client.post(url, _data(criteria, partial))
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert review.scores.count() == 3
    # Submitting with missing criteria is refused.
    response = council_client.post(url, _data(criteria, partial, submit=True))
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    full = [c.max_points // 2 for c in criteria]
    council_client.post(url, _data(criteria, full, submit=True))
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED
    assert review.total_points == sum(full)
    # A submitted review no longer changes.
    council_client.post(url, _data(criteria, [c.max_points for c in criteria], submit=True))
    review.refresh_from_db()
    assert review.total_points == sum(full)


def test_others_scores_stay_hidden_until_own_review_is_submitted(
    client, submitted, council_user, council_user2
):
    mine = assign(submitted, council_user)
    theirs = assign(submitted, council_user2)
    criteria = list(submitted.cycle.criteria.all())
    services.review_save(
        review=theirs,
        by=council_user2,
        scores={c.pk: c.max_points - 3 for c in criteria},
        submit=True,
    )
    theirs.refresh_from_db()
    assert theirs.total_points == 1000 - 3 * len(criteria)
    client.force_login(council_user)
    page = client.get(reverse("awards:review", args=[mine.pk])).content.decode()
    assert 'data-testid="other-scores"' not in page
    assert str(theirs.total_points) not in page
    detail = client.get(reverse("awards:nomination_detail", args=[submitted.pk])).content.decode()
    assert council_user2.full_name not in detail
    assert str(theirs.total_points) not in detail
    # Nor by opening the other member's review.
    assert client.get(reverse("awards:review", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("awards:ranking") + f"?cycle={submitted.cycle_id}").status_code == 403

    submit_review(mine, 0.5)
    page = client.get(reverse("awards:review", args=[mine.pk])).content.decode()
    assert 'data-testid="other-scores"' in page
    assert str(theirs.total_points) in page
    assert client.get(reverse("awards:ranking")).status_code == 200


def test_an_unassigned_council_member_sees_nothing(client, submitted, council_user2):
    add = submitted.documents.first()
    client.force_login(council_user2)
    assert client.get(reverse("awards:nomination_detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("awards:document_download", args=[add.pk])).status_code == 404


def test_ranking_mean_spread_and_per_criterion_averages(staff_user, cycle):
    members = [make_user(Role.COUNCIL_MEMBER, f"c{i}@example.vn") for i in range(3)]
    strong = NominationFactory(cycle=cycle, status="dossier_submitted")
    weak = NominationFactory(cycle=cycle, status="dossier_submitted")
    unscored = NominationFactory(cycle=cycle, status="dossier_submitted")
    services.reviews_assign(nomination=strong, reviewers=members, by=staff_user)
    services.reviews_assign(nomination=weak, reviewers=members[:2], by=staff_user)
    services.reviews_assign(nomination=unscored, reviewers=members[:1], by=staff_user)
    for review, fraction in zip(
        strong.reviews.order_by("reviewer__email"), (0.95, 0.85, 0.8), strict=True
    ):
        submit_review(review, fraction)
    submit_review(weak.reviews.get(reviewer=members[0]), 0.6)  # the other is still a draft

    rows = selectors.ranking(cycle, Nomination.objects.all())
    assert [row["nomination"] for row in rows] == [strong, weak]
    first = rows[0]
    totals = sorted(r.total_points for r in strong.reviews.all())
    assert first["mean"] == pytest.approx(sum(totals) / 3)
    assert first["spread"] == totals[-1] - totals[0]
    assert first["reviews_submitted"] == 3
    assert first["reviews_assigned"] == 3
    leadership = cycle.criteria.get(code="leadership")
    index = list(cycle.criteria.all()).index(leadership)
    expected = [round(leadership.max_points * f) for f in (0.95, 0.85, 0.8)]
    assert first["per_criterion"][index] == pytest.approx(sum(expected) / 3)
    assert first["suggested_level"].code == "gold"
    assert rows[1]["reviews_submitted"] == 1
    assert rows[1]["reviews_assigned"] == 2
    assert rows[1]["spread"] == 0
    assert rows[1]["suggested_level"] is None


def test_ranking_page_query_count_does_not_grow(
    staff_client, staff_user, cycle, django_assert_max_num_queries
):
    member = make_user(Role.COUNCIL_MEMBER, "rank@example.vn")

    def scored(n):
        for _ in range(n):
            nomination = NominationFactory(cycle=cycle, status="dossier_submitted")
            services.reviews_assign(nomination=nomination, reviewers=[member], by=staff_user)
            submit_review(nomination.reviews.get(), 0.75)

    scored(1)
    url = reverse("awards:ranking") + f"?cycle={cycle.pk}"
    with django_assert_max_num_queries(20) as small:
        staff_client.get(url)
    scored(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(url)
    assert response.content.decode().count("/awards/nominations/") == 7


def test_council_ranking_shows_only_nominations_they_scored(
    client, staff_user, cycle, council_user, council_user2
):
    mine = NominationFactory(cycle=cycle, status="dossier_submitted")
    other = NominationFactory(cycle=cycle, status="dossier_submitted")
    services.reviews_assign(nomination=mine, reviewers=[council_user], by=staff_user)
    services.reviews_assign(nomination=other, reviewers=[council_user2], by=staff_user)
    submit_review(mine.reviews.get())
    submit_review(other.reviews.get())
    client.force_login(council_user)
    page = client.get(reverse("awards:ranking")).content.decode()
    assert mine.organization.name in page
    assert other.organization.name not in page


def test_nomination_list_query_count(staff_client, cycle, django_assert_max_num_queries):
    NominationFactory(cycle=cycle)
    url = reverse("awards:nomination_list")
    with django_assert_max_num_queries(20) as small:
        staff_client.get(url)
    for _ in range(8):
        add_document(NominationFactory(cycle=cycle, status="dossier_submitted"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(url + "?status=dossier_submitted")
    assert response.content.decode().count("/awards/nominations/") == 8


def _row_of(page: str, nomination) -> str:
    start = page.index(f"/awards/nominations/{nomination.pk}/")
    return page[start : page.index("</tr>", start)]


@pytest.mark.parametrize("sort", ["", "?o=-files", "?o=reviews"])
def test_nomination_list_counts_files_and_reviews_of_each_row(
    staff_client, cycle, council_user, council_user2, sort
):
    busy = NominationFactory(cycle=cycle, status=Nomination.Status.UNDER_REVIEW)
    add_document(busy)
    add_document(busy)
    assign(busy, council_user)
    submit_review(assign(busy, council_user2))
    quiet = NominationFactory(cycle=cycle, status=Nomination.Status.REGISTERED)
    page = staff_client.get(reverse("awards:nomination_list") + sort).content.decode()
    busy_cells = re.findall(r'<td class="text-end">([^<]*)</td>', _row_of(page, busy))
    quiet_cells = re.findall(r'<td class="text-end">([^<]*)</td>', _row_of(page, quiet))
    assert busy_cells[:2] == ["2", "1/2"]
    assert quiet_cells[:2] == ["0", "0/0"]


def test_nomination_list_counts_only_the_page_rows(staff_client, cycle):
    """The files and reviews are counted for the 30 rows shown, not in the query that sorts
    every nomination (PostgreSQL ran those subqueries for all of them before the LIMIT)."""
    for _ in range(3):
        add_document(NominationFactory(cycle=cycle))
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(reverse("awards:nomination_list"))
    paged = [q["sql"] for q in queries if "LIMIT" in q["sql"] and "awards_nomination" in q["sql"]]
    assert paged
    assert all("awards_nominationdocument" not in sql for sql in paged)
    counting = [q["sql"] for q in queries if "awards_nominationdocument" in q["sql"]]
    assert len(counting) == 1


def test_accent_insensitive_search(staff_client, cycle):
    from .factories import OrganizationFactory

    org = OrganizationFactory(name="Công ty Cơ khí Đông Anh", search_text="cong ty co khi dong anh")
    NominationFactory(cycle=cycle, organization=org)
    NominationFactory(cycle=cycle)
    page = staff_client.get(reverse("awards:nomination_list") + "?q=co+khi+dong").content.decode()
    assert "Công ty Cơ khí Đông Anh" in page
    assert page.count("/awards/nominations/") == 1


@pytest.fixture
def under_review(submitted, council_user, staff_user):
    services.reviews_assign(nomination=submitted, reviewers=[council_user], by=staff_user)
    return submitted


def test_decision_to_forward_is_recorded_with_minutes(staff_client, under_review):
    url = reverse("awards:decide", args=[under_review.pk])
    # Not before a council member has submitted.
    response = staff_client.post(
        url, {"decision": "forward", "decided_on": "2026-11-20", "minutes": "Biên bản"}
    )
    assert response.status_code == 200
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.UNDER_REVIEW

    submit_review(under_review.reviews.get())
    response = staff_client.post(
        url,
        {
            "decision": "forward",
            "decided_on": "2026-11-20",
            "minutes": "Hội đồng thống nhất đề nghị xét tặng.",
            "minutes_file": upload("bien-ban.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.FORWARDED
    assert under_review.forwarded_on == dt.date(2026, 11, 20)
    assert under_review.forward_minutes == "Hội đồng thống nhất đề nghị xét tặng."
    assert under_review.documents.filter(kind=NominationDocument.Kind.MINUTES).count() == 1


def test_decision_needs_minutes(staff_user, under_review):
    submit_review(under_review.reviews.get())
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_decide(
            nomination=under_review, by=staff_user, forward=True, minutes=" "
        )
    assert "minutes" in excinfo.value.message_dict


def test_the_meeting_cannot_be_in_the_future(staff_client, under_review):
    submit_review(under_review.reviews.get())
    future = timezone.localdate() + dt.timedelta(days=3)
    response = staff_client.post(
        reverse("awards:decide", args=[under_review.pk]),
        {"decision": "forward", "decided_on": future.isoformat(), "minutes": "Biên bản"},
    )
    assert response.status_code == 200
    assert "Ngày họp không được sau ngày hôm nay." in response.content.decode()
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.UNDER_REVIEW


def test_not_forwarding_ends_the_nomination(staff_user, under_review):
    submit_review(under_review.reviews.get(), 0.5)
    services.nomination_decide(
        nomination=under_review, by=staff_user, forward=False, minutes="Chưa đạt"
    )
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.NOT_AWARDED
    with pytest.raises(ValidationError):
        services.nomination_record_result(
            nomination=under_review,
            by=staff_user,
            level=under_review.cycle.levels.first(),
            decision_number="1/QĐ-TTg",
            decision_date=dt.date(2026, 1, 5),
        )


def test_recording_the_result(staff_client, staff_user, under_review, client):
    submit_review(under_review.reviews.get())
    services.nomination_decide(
        nomination=under_review, by=staff_user, forward=True, minutes="Đề nghị"
    )
    gold = under_review.cycle.levels.get(code="gold")
    url = reverse("awards:result", args=[under_review.pk])
    response = staff_client.post(
        url, {"level": gold.pk, "decision_number": "", "decision_date": ""}
    )
    assert response.status_code == 200
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.FORWARDED
    response = staff_client.post(
        url, {"level": gold.pk, "decision_number": "1520/QĐ-TTg", "decision_date": "2026-11-01"}
    )
    assert response.status_code == 302
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.AWARDED
    assert under_review.level == gold
    # The public page lists it.
    client.logout()
    page = client.get(reverse("awards:winners")).content.decode()
    assert under_review.organization.name in page
    assert "1520/QĐ-TTg" in page
    assert "01/11/2026" in page
    assert gold.name in page


def test_recording_not_awarded(staff_user, under_review):
    submit_review(under_review.reviews.get())
    services.nomination_decide(
        nomination=under_review, by=staff_user, forward=True, minutes="Đề nghị"
    )
    services.nomination_record_result(
        nomination=under_review, by=staff_user, level=None, decision_number="", decision_date=None
    )
    under_review.refresh_from_db()
    assert under_review.status == Nomination.Status.NOT_AWARDED
    assert under_review.level is None


def test_a_level_of_another_cycle_is_refused(staff_user, under_review):
    submit_review(under_review.reviews.get())
    services.nomination_decide(
        nomination=under_review, by=staff_user, forward=True, minutes="Đề nghị"
    )
    other = past_cycle(2020).levels.first()
    with pytest.raises(ValidationError):
        services.nomination_record_result(
            nomination=under_review,
            by=staff_user,
            level=other,
            decision_number="1/QĐ-TTg",
            decision_date=dt.date(2026, 1, 5),
        )


def test_the_organization_sees_the_mean_only_after_the_decision(
    enterprise_client, staff_user, organization, cycle, council_user
):
    nomination = NominationFactory(
        cycle=cycle, organization=organization, status="dossier_submitted"
    )
    services.reviews_assign(nomination=nomination, reviewers=[council_user], by=staff_user)
    review = submit_review(nomination.reviews.get(), 0.8)
    url = reverse("awards:nomination_detail", args=[nomination.pk])
    page = enterprise_client.get(url).content.decode()
    assert str(review.total_points) not in page
    assert council_user.full_name not in page
    services.nomination_decide(
        nomination=nomination, by=staff_user, forward=True, minutes="Đề nghị"
    )
    page = enterprise_client.get(url).content.decode()
    assert f"{review.total_points},0" in page or f"{review.total_points}.0" in page
    assert council_user.full_name not in page
