"""Every operation that changes award data. Views, tasks, the demo and the admin call these."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from enterprises.models import Organization
from portal import uploads
from portal.duplicates import save_new
from portal.models import Role
from portal.permissions import authorize
from portal.queueing import enqueue_on_commit
from portal.service_tools import model_update, record_actor, require_reason
from portal.transitions import can_transition, transition
from portal.yearlock import ensure_year_open

from .cycle_templates import CycleTemplate, template_for
from .models import (
    AwardCycle,
    AwardLevel,
    Criterion,
    Nomination,
    NominationDocument,
    Review,
    Score,
    SelfAssessmentScore,
)
from .permissions import (
    can_apply_for,
    can_manage_awards,
    can_represent,
    can_score_review,
    can_submit_dossier,
    can_withdraw,
    dossier_editable,
    review_open,
)

TOTAL_POINTS = 1000

# The rules in force in a cycle's year give its starting criteria and levels (cycle_templates).
# The fields of a criterion and of a level that staff edit (and that a copied cycle takes).
CRITERION_FIELDS = ("group", "code", "name", "description", "max_points", "order")
LEVEL_FIELDS = ("code", "name", "min_points", "order")


def _today() -> dt.date:
    return timezone.localdate()


def _shift_year(day: dt.date, years: int = 1) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Cycles, criteria, levels ---------------------------------------------------------------


def _save_cycle(cycle: AwardCycle, by) -> AwardCycle:
    try:
        cycle.full_clean()
    except ValidationError as exc:
        if "year" in getattr(exc, "error_dict", {}):
            raise ValidationError({"year": _("A cycle for this year already exists.")}) from exc
        raise
    record_actor(cycle, by)
    if cycle._state.adding:
        save_new(cycle, duplicate_message={"year": _("A cycle for this year already exists.")})
    else:
        cycle.save()
    return cycle


def _create_template_rows(cycle: AwardCycle, template: CycleTemplate, by) -> None:
    rows: list[Criterion | AwardLevel] = [
        Criterion(cycle=cycle, group=group, code=code, name=name, max_points=points, order=order)
        for order, (group, code, name, points) in enumerate(template.criteria, start=1)
    ]
    rows += [
        AwardLevel(cycle=cycle, code=code, name=name, min_points=points, order=order)
        for order, (code, name, points) in enumerate(template.levels, start=1)
    ]
    for row in rows:
        record_actor(row, by)
        row.save()


@transaction.atomic
def award_cycle_create(
    *,
    year: int,
    registration_opens: dt.date,
    registration_closes: dt.date,
    dossier_deadline: dt.date,
    review_deadline: dt.date,
    name: str = "",
    legal_basis: str = "",
    categories: Iterable[str] | None = None,
    with_template: bool = True,
    by,
) -> AwardCycle:
    """A new cycle, seeded with the template of the rules in force in its year: the seven
    criteria of Decree 132/2008 (amended 2018) up to 2025, the two criteria groups of Decree
    37/2026/NĐ-CP with Gold and Silver from 2026 (`cycle_templates`)."""
    authorize(by, can_manage_awards)
    template = template_for(year)
    cycle = AwardCycle(
        year=year,
        name=name or _("National Quality Award %(year)s") % {"year": year},
        legal_basis=legal_basis or template.legal_basis,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        dossier_deadline=dossier_deadline,
        review_deadline=review_deadline,
    )
    if categories is not None:
        cycle.categories = list(categories)
    _save_cycle(cycle, by)
    if with_template:
        _create_template_rows(cycle, template, by)
    return cycle


# What staff may change on a cycle (its year stays).
CYCLE_FIELDS = (
    "name",
    "legal_basis",
    "categories",
    "registration_opens",
    "registration_closes",
    "dossier_deadline",
    "review_deadline",
)


@transaction.atomic
def award_cycle_update(*, cycle: AwardCycle, by, **fields) -> AwardCycle:
    authorize(by, can_manage_awards)
    model_update(instance=cycle, fields=CYCLE_FIELDS, data=fields)
    _save_cycle(cycle, by)
    return cycle


@transaction.atomic
def award_cycle_copy(*, source: AwardCycle, by, year: int | None = None) -> AwardCycle:
    """Next year's cycle from `source`: its criteria and levels, its dates shifted by a year.
    Across a change of rules (2025 → 2026) the new cycle takes the new rules' template
    instead of the source's criteria and levels."""
    authorize(by, can_manage_awards)
    year = year or source.year + 1
    if AwardCycle.objects.filter(year=year).exists():
        raise ValidationError(_("A cycle for %(year)s already exists.") % {"year": year})
    shift = year - source.year
    name = source.name.replace(str(source.year), str(year))
    if name == source.name:
        name = _("National Quality Award %(year)s") % {"year": year}
    template = template_for(year)
    new_rules = template is not template_for(source.year)
    cycle = AwardCycle(
        year=year,
        name=name,
        legal_basis=template.legal_basis if new_rules else source.legal_basis,
        categories=list(source.categories),
        registration_opens=_shift_year(source.registration_opens, shift),
        registration_closes=_shift_year(source.registration_closes, shift),
        dossier_deadline=_shift_year(source.dossier_deadline, shift),
        review_deadline=_shift_year(source.review_deadline, shift),
        copied_from=source,
    )
    _save_cycle(cycle, by)
    if new_rules:
        _create_template_rows(cycle, template, by)
    else:
        _copy_rows(Criterion, source.criteria.all(), cycle, CRITERION_FIELDS, by)
        _copy_rows(AwardLevel, source.levels.all(), cycle, LEVEL_FIELDS, by)
    return cycle


def _copy_rows(model, rows, cycle: AwardCycle, fields: tuple[str, ...], by) -> None:
    """Copy criteria or levels (with their history, naming `by`) into `cycle`."""
    bulk_create_with_history(
        [model(cycle=cycle, **{field: getattr(row, field) for field in fields}) for row in rows],
        model,
        default_user=by if getattr(by, "is_authenticated", False) else None,
    )


def criteria_total(cycle: AwardCycle) -> int:
    return sum(cycle.criteria.values_list("max_points", flat=True))


def criteria_locked(cycle: AwardCycle) -> bool:
    """Criteria stop changing once a council member or an organization has scored them."""
    return (
        Score.objects.filter(criterion__cycle=cycle).exists()
        or SelfAssessmentScore.objects.filter(criterion__cycle=cycle).exists()
    )


@transaction.atomic
def criteria_replace(*, cycle: AwardCycle, rows: list[dict], by) -> list[Criterion]:
    """Set the cycle's criteria to `rows` (dicts with id or not, code, name, description,
    max_points, order). The criteria must total exactly 1,000 points."""
    authorize(by, can_manage_awards)
    if criteria_locked(cycle):
        raise ValidationError(
            _("The criteria can no longer be changed: this cycle has already been scored.")
        )
    codes = [row["code"] for row in rows]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Each criterion needs its own code."))
    total = sum(row["max_points"] for row in rows)
    if total != TOTAL_POINTS:
        raise ValidationError(
            _("The criteria must total %(expected)s points; they total %(total)s.")
            % {"expected": TOTAL_POINTS, "total": total}
        )
    keep = [row["id"] for row in rows if row.get("id")]
    cycle.criteria.exclude(pk__in=keep).delete()
    rows = [{"description": "", **row} for row in rows]
    return _save_rows(cycle, Criterion, cycle.criteria.all(), rows, CRITERION_FIELDS, by)


@transaction.atomic
def levels_replace(*, cycle: AwardCycle, rows: list[dict], by) -> list[AwardLevel]:
    """Set the cycle's award levels (code, name, min_points, order); thresholds are distinct and
    within the 1,000 points."""
    authorize(by, can_manage_awards)
    if not rows:
        raise ValidationError(_("A cycle needs at least one award level."))
    codes = [row["code"] for row in rows]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Each level needs its own code."))
    thresholds = [row["min_points"] for row in rows]
    if len(thresholds) != len(set(thresholds)):
        raise ValidationError(_("Two levels cannot have the same threshold."))
    if any(points > TOTAL_POINTS for points in thresholds):
        raise ValidationError(
            _("A threshold cannot exceed %(total)s points.") % {"total": TOTAL_POINTS}
        )
    keep = [row["id"] for row in rows if row.get("id")]
    removed = cycle.levels.exclude(pk__in=keep)
    if Nomination.objects.filter(level__in=removed).exists():
        raise ValidationError(_("A level that has been awarded cannot be removed."))
    removed.delete()
    return _save_rows(cycle, AwardLevel, cycle.levels.all(), rows, LEVEL_FIELDS, by)


def _save_rows(cycle: AwardCycle, model, existing, rows: list[dict], fields: tuple[str, ...], by):
    """Write `rows` over the `existing` criteria or levels they name by id (new ones otherwise)."""
    existing = {obj.pk: obj for obj in existing}
    # Free the codes first so that swapping two codes does not trip the unique constraint.
    for obj in existing.values():
        obj.code = f"tmp-{obj.pk}"
        record_actor(obj, by)
        obj.save(update_fields=["code"])
    saved = []
    for row in rows:
        obj = existing.get(row.get("id")) or model(cycle=cycle)
        for field in fields:
            if field in row:  # a row may leave out a field (a criterion's group): kept
                setattr(obj, field, row[field])
        obj.full_clean()
        record_actor(obj, by)
        obj.save()
        saved.append(obj)
    return saved


def level_for_points(cycle: AwardCycle, points: float | None) -> AwardLevel | None:
    """The highest level whose threshold `points` reaches (levels passed in prefetched order)."""
    if points is None:
        return None
    reached = [level for level in cycle.levels.all() if points >= level.min_points]
    return max(reached, key=lambda level: level.min_points, default=None)


# --- Mobilization and application -------------------------------------------------------------


@transaction.atomic
def nomination_encourage(
    *, cycle: AwardCycle, organization: Organization, by, support_given: str = ""
) -> Nomination:
    authorize(by, can_manage_awards)
    if Nomination.objects.filter(cycle=cycle, organization=organization).exists():
        raise ValidationError(
            _("%(organization)s is already in the %(year)s cycle.")
            % {"organization": organization.name, "year": cycle.year}
        )
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            _("Only active organizations can be encouraged to apply: %(organization)s.")
            % {"organization": organization.name}
        )
    nomination = Nomination(
        cycle=cycle,
        organization=organization,
        status=Nomination.Status.ENCOURAGED,
        encouraged_by=by,
        support_given=support_given,
    )
    nomination.full_clean()
    record_actor(nomination, by)
    nomination.save()
    return nomination


@transaction.atomic
def nomination_register(
    *, cycle: AwardCycle, organization: Organization, category: str, by
) -> Nomination:
    """An organization applies online while registration is open (an encouragement, if any,
    becomes the registration)."""
    authorize(by, can_apply_for, organization)
    today = _today()
    if today < cycle.registration_opens:
        raise ValidationError(
            _("Registration for the %(year)s cycle opens on %(date)s.")
            % {"year": cycle.year, "date": cycle.registration_opens.strftime("%d/%m/%Y")}
        )
    if today > cycle.registration_closes:
        raise ValidationError(
            _("Registration for the %(year)s cycle closed on %(date)s.")
            % {"year": cycle.year, "date": cycle.registration_closes.strftime("%d/%m/%Y")}
        )
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(_("Your organization's registration has not been approved yet."))
    if category not in cycle.categories:
        raise ValidationError({"category": _("Choose one of this cycle's entry categories.")})
    if criteria_total(cycle) != TOTAL_POINTS:
        raise ValidationError(_("This cycle's criteria are not ready yet; please try later."))
    nomination = (
        Nomination.objects.select_for_update()
        .filter(cycle=cycle, organization=organization)
        .first()
    )
    if nomination is not None and not can_transition(nomination, "register")[0]:
        raise ValidationError(
            _("%(organization)s has already applied for the %(year)s cycle.")
            % {"organization": organization.name, "year": cycle.year}
        )
    nomination = nomination or Nomination(cycle=cycle, organization=organization)
    nomination.category = category
    transition(nomination, "register")
    nomination.registered_at = timezone.now()
    nomination.full_clean()
    record_actor(nomination, by)
    save_new(
        nomination,
        duplicate_message=_("%(organization)s has already applied for the %(year)s cycle.")
        % {"organization": organization.name, "year": cycle.year},
    )
    return nomination


def _check_dossier_editable(nomination: Nomination, by) -> None:
    """The acting user must represent the organization (PermissionDenied), and the dossier
    still be open (ValidationError)."""
    authorize(by, can_represent, nomination)
    allowed, reason = dossier_editable(nomination)
    if not allowed:
        raise ValidationError(reason)


def _store_document(
    *, nomination: Nomination, file: File, kind: str, by, description: str = ""
) -> NominationDocument:
    """Save an uploaded file on the nomination; its type is checked by content, its size against
    the limit."""
    document = NominationDocument(nomination=nomination, kind=kind, description=description)
    record_actor(document, by)
    return uploads.private_document_store(document, file=file, by=by)


@transaction.atomic
def nomination_document_add(
    *,
    nomination: Nomination,
    file: File,
    by,
    kind: str = NominationDocument.Kind.DOSSIER,
    description: str = "",
) -> NominationDocument:
    """Attach a dossier file; its type is checked by content, its size against the limit."""
    if kind not in (NominationDocument.Kind.DOSSIER, NominationDocument.Kind.SELF_ASSESSMENT):
        raise ValidationError(_("Choose the dossier or the self-assessment."))
    _check_dossier_editable(nomination, by)
    return _store_document(
        nomination=nomination, file=file, kind=kind, by=by, description=description
    )


@transaction.atomic
def nomination_document_delete(*, document: NominationDocument, by) -> None:
    _check_dossier_editable(document.nomination, by)
    if document.kind == NominationDocument.Kind.MINUTES:
        raise ValidationError(_("Council minutes cannot be removed."))
    # The stored file stays: the document's history (who uploaded and removed it) points at it.
    record_actor(document, by)
    document.delete()


@transaction.atomic
def self_assessment_save(
    *, nomination: Nomination, scores: dict[int, int | None], by, notes: dict | None = None
) -> int:
    """The organization's own score per criterion (0..maximum); returns the total."""
    _check_dossier_editable(nomination, by)
    criteria = {c.pk: c for c in nomination.cycle.criteria.all()}
    errors: dict[Any, str] = {}  # by criterion id, as the form names its fields
    for pk, points in scores.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        if points is not None and not 0 <= points <= criterion.max_points:
            errors[pk] = _("Between 0 and %(max)s points.") % {"max": criterion.max_points}
    if errors:
        raise ValidationError(errors)
    notes = notes or {}
    for pk, points in scores.items():
        if points is None:
            SelfAssessmentScore.objects.filter(nomination=nomination, criterion_id=pk).delete()
            continue
        SelfAssessmentScore.objects.update_or_create(
            nomination=nomination,
            criterion_id=pk,
            defaults={"points": points, "note": notes.get(pk, "")},
        )
    rows = SelfAssessmentScore.objects.filter(nomination=nomination)
    total = sum(rows.values_list("points", flat=True)) if rows.exists() else None
    nomination.self_assessment_score = total
    record_actor(nomination, by)
    nomination.save(update_fields=["self_assessment_score", "updated_at"])
    return total or 0


def _self_assessment_complete(nomination: Nomination) -> bool:
    if nomination.documents.filter(kind=NominationDocument.Kind.SELF_ASSESSMENT).exists():
        return True
    scored = SelfAssessmentScore.objects.filter(nomination=nomination).count()
    return bool(scored) and scored == nomination.cycle.criteria.count()


@transaction.atomic
def nomination_submit(*, nomination: Nomination, by) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update().select_related("cycle").get(pk=nomination.pk)
    )
    authorize(by, can_submit_dossier, nomination)
    transition(nomination, "submit")
    if _today() > nomination.cycle.dossier_deadline:
        raise ValidationError(
            _("The dossier deadline was %(date)s; dossiers can no longer be submitted.")
            % {"date": nomination.cycle.dossier_deadline.strftime("%d/%m/%Y")}
        )
    if not nomination.documents.filter(kind=NominationDocument.Kind.DOSSIER).exists():
        raise ValidationError(_("Upload the dossier before submitting it."))
    if not _self_assessment_complete(nomination):
        raise ValidationError(
            _("Complete the self-assessment (a score for every criterion, or a file) first.")
        )
    nomination.submitted_at = timezone.now()
    record_actor(nomination, by)
    nomination.save(update_fields=["status", "submitted_at", "updated_at"])
    return nomination


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, by, reason: str) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update().select_related("cycle").get(pk=nomination.pk)
    )
    authorize(by, can_withdraw, nomination)
    transition(nomination, "withdraw")
    # Taking part counts in the cycle's year.
    ensure_year_open(nomination.cycle.year)
    reason = require_reason(
        reason, _("Give a reason for the withdrawal."), field="withdrawn_reason"
    )
    nomination.withdrawn_reason = reason
    record_actor(nomination, by)
    nomination.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    return nomination


# --- Provincial preliminary review --------------------------------------------------------------


@transaction.atomic
def nomination_dossier_check(*, nomination: Nomination, by, note: str = "") -> Nomination:
    authorize(by, can_manage_awards)
    if nomination.status not in (
        Nomination.Status.DOSSIER_SUBMITTED,
        Nomination.Status.UNDER_REVIEW,
    ):
        raise ValidationError(_("Only a submitted dossier can be checked."))
    nomination.dossier_checked_at = timezone.now()
    nomination.dossier_checked_by = by
    nomination.dossier_check_note = note
    record_actor(nomination, by)
    nomination.save(
        update_fields=[
            "dossier_checked_at",
            "dossier_checked_by",
            "dossier_check_note",
            "updated_at",
        ]
    )
    return nomination


@transaction.atomic
def reviews_assign(*, nomination: Nomination, reviewers: Iterable, by) -> list[Review]:
    """Assign council members to score a nomination (it goes under review)."""
    authorize(by, can_manage_awards)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    was = nomination.status
    transition(nomination, "review")
    reviewers = list(reviewers)
    if not reviewers:
        raise ValidationError({"reviewers": _("Choose at least one council member.")})
    created = []
    for reviewer in reviewers:
        if not reviewer.has_role(Role.COUNCIL_MEMBER) or not reviewer.is_active:
            raise ValidationError(
                _("%(name)s is not a council member.") % {"name": reviewer.get_full_name()}
            )
        review = Review.objects.filter(nomination=nomination, reviewer=reviewer).first()
        if review is None:
            review = Review(
                nomination=nomination,
                reviewer=reviewer,
                assigned_by=by,
                status=Review.Status.ASSIGNED,
            )
            record_actor(review, by)
            review.save()
            created.append(review)
    if nomination.status != was:
        record_actor(nomination, by)
        nomination.save(update_fields=["status", "updated_at"])
    if created:
        from .tasks import notify_review_assigned_task

        ids = [review.pk for review in created]
        for pk in ids:
            enqueue_on_commit(notify_review_assigned_task, pk)
    return created


@transaction.atomic
def review_unassign(*, review: Review, by) -> None:
    authorize(by, can_manage_awards)
    if review.status == Review.Status.SUBMITTED:
        raise ValidationError(_("A submitted review cannot be removed."))
    record_actor(review, by)
    review.delete()


@transaction.atomic
def review_save(
    *,
    review: Review,
    by,
    scores: dict[int, int | None],
    comments: dict[int, str] | None = None,
    overall: str = "",
    submit: bool = False,
) -> Review:
    """Save a council member's scores (each 0..the criterion's maximum) as a draft, or submit
    them (every criterion scored; no change afterwards)."""
    review = (
        Review.objects.select_for_update().select_related("nomination__cycle").get(pk=review.pk)
    )
    authorize(by, can_score_review, review)
    allowed, reason = review_open(review)
    if not allowed:
        raise ValidationError(reason)
    criteria = {c.pk: c for c in review.nomination.cycle.criteria.all()}
    comments = comments or {}
    errors = {}
    for pk, points in scores.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        if points is not None and not 0 <= points <= criterion.max_points:
            errors[str(pk)] = ValidationError(
                _("Score %(name)s between 0 and %(max)s points.")
                % {"name": criterion.name, "max": criterion.max_points}
            )
    if submit:
        for pk, criterion in criteria.items():
            if scores.get(pk) is None and str(pk) not in errors:
                errors[str(pk)] = ValidationError(
                    _("Score %(name)s before submitting.") % {"name": criterion.name}
                )
    if errors:
        raise ValidationError(errors)
    for pk, points in scores.items():
        if points is None:
            Score.objects.filter(review=review, criterion_id=pk).delete()
        else:
            score = Score.objects.filter(review=review, criterion_id=pk).first() or Score(
                review=review, criterion_id=pk
            )
            score.points, score.comment = points, comments.get(pk, "")
            record_actor(score, by)
            score.save()
    review.total_points = sum(Score.objects.filter(review=review).values_list("points", flat=True))
    review.comments = overall
    transition(review, "submit" if submit else "save_draft")
    if submit:
        review.submitted_at = timezone.now()
    record_actor(review, by)
    review.save(update_fields=["total_points", "comments", "status", "submitted_at", "updated_at"])
    return review


@transaction.atomic
def nomination_decide(
    *,
    nomination: Nomination,
    by,
    forward: bool,
    minutes: str,
    decided_on: dt.date | None = None,
    minutes_file: File | None = None,
) -> Nomination:
    """Record the provincial council's decision, with its minutes: forward the nomination to the
    national council, or not (it is then not awarded)."""
    authorize(by, can_manage_awards)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    transition(nomination, "forward" if forward else "not_forward")
    ensure_year_open(nomination.cycle.year)
    if not nomination.reviews.filter(status=Review.Status.SUBMITTED).exists():
        raise ValidationError(_("No council member has submitted a review yet."))
    if not minutes.strip():
        raise ValidationError({"minutes": _("Record the minutes of the council's decision.")})
    if decided_on and decided_on > _today():
        raise ValidationError({"decided_on": _("The meeting date cannot be in the future.")})
    if minutes_file is not None:
        _store_document(
            nomination=nomination, file=minutes_file, kind=NominationDocument.Kind.MINUTES, by=by
        )
    nomination.forwarded_on = decided_on or _today()
    nomination.forward_minutes = minutes.strip()
    nomination.forwarded_by = by
    record_actor(nomination, by)
    nomination.save(
        update_fields=["status", "forwarded_on", "forward_minutes", "forwarded_by", "updated_at"]
    )
    return nomination


@transaction.atomic
def nomination_record_result(
    *,
    nomination: Nomination,
    by,
    level: AwardLevel | None,
    decision_number: str,
    decision_date: dt.date | None,
) -> Nomination:
    """The national result: the level won (awarded) or none (not awarded), with the decision."""
    authorize(by, can_manage_awards)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nomination.result_recordable:
        raise ValidationError(
            _("Only a nomination forwarded to the national council has a result.")
        )
    if level is not None and level.cycle_id != nomination.cycle_id:
        raise ValidationError({"level": _("Choose a level of this nomination's cycle.")})
    # Winners count in the cycle's year: a locked year's result no longer changes.
    ensure_year_open(nomination.cycle.year)
    errors = {}
    if level is not None and not decision_number.strip():
        errors["decision_number"] = _("Enter the number of the award decision.")
    if level is not None and decision_date is None:
        errors["decision_date"] = _("Enter the date of the award decision.")
    if decision_date and decision_date > _today():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    nomination.level = level
    transition(nomination, "award" if level else "not_award")
    nomination.decision_number = decision_number.strip()
    nomination.decision_date = decision_date
    nomination.result_recorded_by = by
    record_actor(nomination, by)
    nomination.save(
        update_fields=[
            "level",
            "status",
            "decision_number",
            "decision_date",
            "result_recorded_by",
            "updated_at",
        ]
    )
    return nomination
