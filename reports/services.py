"""Every operation that changes monitoring state: targets and their revisions, manual
actuals, closing a year, and annual report runs."""

import datetime as dt
import hashlib
import logging
import time
import traceback
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import uploads
from portal.duplicates import save_new
from portal.models import Phase
from portal.permissions import authorize
from portal.queueing import QueueUnavailable, enqueue, enqueue_on_commit
from portal.service_tools import model_update, record_actor, require_reason
from portal.transitions import transition

from . import permissions, selectors
from .figures import FigureBook, growth_derivation_text
from .models import (
    AnnualReport,
    Indicator,
    ManualActual,
    Target,
    TargetRevision,
    YearClosing,
    YearClosingEvent,
)
from .snapshot import build_snapshot, checksum
from .status import derive_growth_bounds, is_count

logger = logging.getLogger(__name__)

TERM_FIELDS = ("kind", "value", "minimum", "maximum", "growth_min_percent", "growth_max_percent")


# --- years -------------------------------------------------------------------------------
def _closing_status(year: int) -> str:
    return (
        YearClosing.objects.filter(year=year).values_list("status", flat=True).first()
        or YearClosing.Status.OPEN
    )


def locked_years(years: set[int]) -> set[int]:
    """Which of `years` are approved and locked (registered with `portal.yearlock`)."""
    return set(
        YearClosing.objects.filter(year__in=years, status=YearClosing.Status.LOCKED).values_list(
            "year", flat=True
        )
    )


def ensure_year_open(year: int | None) -> None:
    """Figures of a submitted or locked year no longer change."""
    if year is None:
        return
    status = _closing_status(year)
    if status == YearClosing.Status.LOCKED:
        raise ValidationError(
            _("%(year)s is locked: unlock it first (a lead must give a reason).") % {"year": year}
        )
    if status == YearClosing.Status.SUBMITTED:
        raise ValidationError(
            _("%(year)s is submitted for approval: ask a lead to return it first.") % {"year": year}
        )


# --- targets -----------------------------------------------------------------------------
def _clean_reason(reason: str) -> str:
    return require_reason(reason, _("Say why the target is set or changed."))


@transaction.atomic
def target_create(
    *,
    indicator: Indicator,
    phase: Phase,
    year: int | None,
    kind: str,
    by,
    reason: str,
    value: Decimal | None = None,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    growth_min_percent: Decimal | None = None,
    growth_max_percent: Decimal | None = None,
    note: str = "",
) -> Target:
    authorize(by, permissions.can_manage_targets)
    reason = _clean_reason(reason)
    ensure_year_open(year)
    target = Target(
        indicator=indicator,
        phase=phase,
        year=year,
        kind=kind,
        value=value,
        minimum=minimum,
        maximum=maximum,
        growth_min_percent=growth_min_percent,
        growth_max_percent=growth_max_percent,
        note=note,
    )
    target.full_clean()
    record_actor(target, by)
    save_new(target)
    TargetRevision.objects.create(
        target=target, old_terms=None, new_terms=target.terms(), reason=reason, changed_by=by
    )
    return target


@transaction.atomic
def target_update(*, target: Target, by, reason: str, **terms) -> Target:
    """Change a target's terms; the revision keeps the old terms, who, when and why."""
    authorize(by, permissions.can_manage_targets)
    reason = _clean_reason(reason)
    target = Target.objects.select_for_update().get(pk=target.pk)
    ensure_year_open(target.year)
    old = target.terms()
    allowed = {*TERM_FIELDS, "note"}
    model_update(instance=target, fields=allowed, data=terms)
    # Terms that do not belong to the kind are cleared, so the stored target says one thing.
    if target.kind in (Target.Kind.EXACT, Target.Kind.AT_LEAST, Target.Kind.AT_MOST):
        target.minimum = target.maximum = None
        target.growth_min_percent = target.growth_max_percent = None
    elif target.kind == Target.Kind.RANGE:
        target.value = None
        target.growth_min_percent = target.growth_max_percent = None
    else:
        target.value = target.minimum = target.maximum = None
    if target.terms() == old:
        raise ValidationError(_("Nothing was changed."))
    # A change of terms makes an earlier derivation meaningless.
    _clear_derivation(target)
    target.full_clean()
    record_actor(target, by)
    target.save()
    TargetRevision.objects.create(
        target=target, old_terms=old, new_terms=target.terms(), reason=reason, changed_by=by
    )
    if target.kind == Target.Kind.GROWTH_RANGE:
        target_derive(target=target, by=by)
    return target


def _clear_derivation(target: Target) -> None:
    target.derived_minimum = target.derived_maximum = None
    target.derived_base_year = target.derived_base_actual = None
    target.derived_base_source = ""
    target.derived_at = None
    target.derivation = ""


@transaction.atomic
def target_derive(*, target: Target, by, book: FigureBook | None = None) -> Target:
    """Derive and store a growth target's bounds from the previous year's actual (the frozen
    one when that year is locked), with how they were derived."""
    if target.kind != Target.Kind.GROWTH_RANGE:
        raise ValidationError(_("Only a growth target has bounds to derive."))
    book = book or FigureBook()
    base_year = cast(int, target.year) - 1  # a growth target is a year's
    base = book.base_actual(target.indicator, base_year)
    bounds = derive_growth_bounds(
        base["value"], target.growth_min_percent, target.growth_max_percent
    )
    target.derived_base_year = base_year
    target.derived_base_actual = None if base["value"] is None else Decimal(str(base["value"]))
    target.derived_base_source = base["source"]
    target.derived_minimum = bounds.minimum if bounds else None
    target.derived_maximum = bounds.maximum if bounds else None
    target.derived_at = timezone.now()
    target.derivation = growth_derivation_text(
        base_year,
        base["value"],
        target.growth_min_percent,
        target.growth_max_percent,
        bounds,
        whole=is_count(target.indicator.unit),
        source=base["source"],
    )
    record_actor(target, by)
    target.save(
        update_fields=[
            "derived_base_year",
            "derived_base_actual",
            "derived_base_source",
            "derived_minimum",
            "derived_maximum",
            "derived_at",
            "derivation",
            "updated_at",
        ]
    )
    return target


def _derive_growth_targets(year: int, by) -> None:
    targets = Target.objects.filter(year=year, kind=Target.Kind.GROWTH_RANGE).select_related(
        "indicator", "phase"
    )
    book = FigureBook()
    for target in targets:
        target_derive(target=target, by=by, book=book)


# --- manual actuals ------------------------------------------------------------------------
@transaction.atomic
def manual_actual_save(
    *, indicator: Indicator, year: int, value: Decimal, reason: str, by, evidence=None
) -> ManualActual:
    """Enter (or correct) a year's actual by hand, with a reason and an evidence file."""
    authorize(by, permissions.can_manage_targets)
    ensure_year_open(year)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say where the figure comes from or why it overrides the computed one.")}
        )
    manual = ManualActual.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if manual is None:
        if evidence is None:
            raise ValidationError({"evidence": _("Attach the evidence for the figure.")})
        manual = ManualActual(indicator=indicator, year=year)
    manual.value = value
    manual.reason = reason
    manual.entered_by = by
    if evidence is not None:
        try:
            uploads.validate_document(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
        manual.evidence = evidence
    manual.full_clean()
    record_actor(manual, by)
    if manual._state.adding:
        save_new(manual)
    else:
        manual.save()
    return manual


@transaction.atomic
def manual_actual_delete(*, manual: ManualActual, by) -> None:
    authorize(by, permissions.can_manage_targets)
    ensure_year_open(manual.year)
    record_actor(manual, by)
    manual.delete()


# --- closing a year ------------------------------------------------------------------------
def _closing_for_update(year: int) -> YearClosing:
    closing, _created = YearClosing.objects.get_or_create(year=year)
    return YearClosing.objects.select_for_update().get(pk=closing.pk)


@transaction.atomic
def year_submit(*, year: int, by) -> YearClosing:
    """Freeze the year's figures as they are now and ask a lead to approve them."""
    if year > timezone.localdate().year:
        raise ValidationError(_("A year that has not started cannot be closed."))
    if Phase.objects.filter(start_year__lte=year, end_year__gte=year).count() == 0:
        raise ValidationError(_("%(year)s is outside the plan's phases.") % {"year": year})
    closing = _closing_for_update(year)
    authorize(by, permissions.can_close_years)
    transition(closing, "submit")
    _derive_growth_targets(year, by)
    snapshot = build_snapshot(year, source="locked")
    closing.snapshot = snapshot
    closing.snapshot_checksum = checksum(snapshot)
    closing.submitted_by, closing.submitted_at = by, timezone.now()
    closing.approved_by = closing.approved_at = None
    closing.full_clean()
    record_actor(closing, by)
    closing.save()
    YearClosingEvent.objects.create(
        closing=closing,
        action=YearClosingEvent.Action.SUBMITTED,
        by=by,
        snapshot_checksum=closing.snapshot_checksum,
    )
    return closing


@transaction.atomic
def year_approve(*, closing: YearClosing, by) -> YearClosing:
    """A lead approves the submitted figures: the year locks and its figures stay frozen."""
    closing = YearClosing.objects.select_for_update().get(pk=closing.pk)
    authorize(by, permissions.can_approve_years, closing)
    transition(closing, "approve")
    closing.approved_by, closing.approved_at = by, timezone.now()
    record_actor(closing, by)
    closing.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    YearClosingEvent.objects.create(
        closing=closing,
        action=YearClosingEvent.Action.APPROVED,
        by=by,
        snapshot_checksum=closing.snapshot_checksum,
    )
    # Next year's growth targets now rest on an approved figure.
    _derive_growth_targets(closing.year + 1, by)
    return closing


@transaction.atomic
def year_return(*, closing: YearClosing, by, reason: str) -> YearClosing:
    closing = YearClosing.objects.select_for_update().get(pk=closing.pk)
    authorize(by, permissions.can_return_years)
    transition(closing, "return")
    reason = require_reason(reason, _("Say what must be corrected."))
    record_actor(closing, by)
    closing.save(update_fields=["status", "updated_at"])
    YearClosingEvent.objects.create(
        closing=closing,
        action=YearClosingEvent.Action.RETURNED,
        by=by,
        reason=reason,
        snapshot_checksum=closing.snapshot_checksum,
    )
    return closing


@transaction.atomic
def year_unlock(*, closing: YearClosing, by, reason: str) -> YearClosing:
    """Unlock a locked year; the reason is kept in the year's log."""
    closing = YearClosing.objects.select_for_update().get(pk=closing.pk)
    authorize(by, permissions.can_unlock_years)
    transition(closing, "unlock")
    reason = require_reason(reason, _("Say why the year is unlocked."))
    record_actor(closing, by)
    closing.save(update_fields=["status", "updated_at"])
    YearClosingEvent.objects.create(
        closing=closing,
        action=YearClosingEvent.Action.UNLOCKED,
        by=by,
        reason=reason,
        snapshot_checksum=closing.snapshot_checksum,
    )
    return closing


# --- annual reports ------------------------------------------------------------------------
def report_figures(year: int) -> tuple[dict, str]:
    """The frozen figures a report of `year` is built from: the approved snapshot of a
    locked year, else a provisional snapshot taken now."""
    closing = YearClosing.objects.filter(year=year, status=YearClosing.Status.LOCKED).first()
    if closing is not None and closing.snapshot:
        return closing.snapshot, AnnualReport.FiguresSource.LOCKED
    return build_snapshot(year, source="provisional"), AnnualReport.FiguresSource.PROVISIONAL


@transaction.atomic
def annual_report_request(
    *,
    year: int,
    by,
    trigger: str = AnnualReport.Trigger.USER,
    notify_officials: bool = False,
    enqueue: bool = True,
) -> AnnualReport:
    """Queue a new version of the year's report (old versions are never overwritten).

    A person asking (staff, or an official for a closed year) gets one build at a time per
    year: while a version is queued or running a new request is refused with a message."""
    authorize(by, permissions.can_request_report, year)
    if year > timezone.localdate().year:
        raise ValidationError(_("A report cannot be made for a year that has not started."))
    if not Phase.objects.filter(start_year__lte=year, end_year__gte=year).exists():
        raise ValidationError(_("%(year)s is outside the plan's phases.") % {"year": year})
    figures, source = report_figures(year)
    # Lock the year's rows so two requests do not take the same version number.
    list(AnnualReport.objects.select_for_update().filter(year=year).values_list("pk"))
    if by is not None and year in selectors.years_being_built():
        raise ValidationError(
            _("A version of the %(year)s report is being built; wait until it is ready.")
            % {"year": year}
        )
    version = (AnnualReport.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    report = AnnualReport(
        year=year,
        version=version,
        trigger=trigger,
        figures=figures,
        figures_source=source,
        figures_checksum=checksum(figures),
        requested_by=by,
        notify_officials=notify_officials,
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Another report of this year was requested at the same moment; try again.")
        ) from exc
    if enqueue:
        _enqueue_build(report)
    return report


def _enqueue_build(report: AnnualReport) -> None:
    """Queue the build after commit. If the broker is down the report is kept (nothing is
    lost: its frozen figures are saved) and marked failed with a message saying so, so the
    page tells staff at once and they can retry when the queue is back."""
    from .tasks import build_annual_report_task

    report_id = report.pk

    def send():
        try:
            enqueue(build_annual_report_task, report_id, run_inline_if_unavailable=False)
        except QueueUnavailable:
            annual_report_mark_failed(report_id=report_id, error=AnnualReport.QUEUE_UNAVAILABLE)

    transaction.on_commit(send)


@transaction.atomic
def annual_report_retry(*, report: AnnualReport, by) -> AnnualReport:
    """Run a failed build again in the same version row (the failure left no file)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    authorize(by, permissions.can_retry_reports)
    transition(report, "retry")
    report.error = ""
    report.finished_at = None
    report.save(update_fields=["status", "error", "finished_at", "updated_at"])
    _enqueue_build(report)
    return report


def stalled_after() -> dt.timedelta:
    """How long a build may stay queued or running before it is taken for lost.

    A build cannot run longer than its task's hard time limit (the worker kills it), plus the
    pauses of its automatic retries; past that, a report still "running" was left by a
    worker that died (killed, restarted, out of memory), long before the broker would hand
    the task out again (its visibility timeout, two hours)."""
    from .tasks import HARD_TIME_LIMIT

    margin = settings.REPORTS_STALLED_MARGIN_SECONDS
    return dt.timedelta(seconds=HARD_TIME_LIMIT + margin)


@transaction.atomic
def annual_report_recover_stalled(*, now: dt.datetime | None = None) -> list[int]:
    """Mark builds left queued or running longer than `stalled_after()` as interrupted, so the
    page says so and offers the retry (the row and its frozen figures are kept). Returns the
    ids marked. A late delivery of the lost task finds the report failed and does nothing."""
    cutoff = (now or timezone.now()) - stalled_after()
    stalled = list(
        AnnualReport.objects.select_for_update(skip_locked=True)
        .filter(
            Q(status=AnnualReport.Status.RUNNING, started_at__lt=cutoff)
            | Q(status=AnnualReport.Status.RUNNING, started_at__isnull=True, updated_at__lt=cutoff)
            | Q(status=AnnualReport.Status.QUEUED, updated_at__lt=cutoff)
        )
        .values_list("pk", flat=True)
    )
    for report_id in stalled:
        logger.warning("Annual report %s was left unfinished; marked interrupted", report_id)
        annual_report_mark_failed(report_id=report_id, error=AnnualReport.INTERRUPTED)
    return stalled


def _short_error(exc: BaseException) -> str:
    lines = traceback.format_exception_only(type(exc), exc)
    return "".join(lines).strip()[:2000]


@transaction.atomic
def annual_report_mark_failed(*, report_id: int, error: str) -> None:
    report = AnnualReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status == AnnualReport.Status.SUCCEEDED:
        return
    report.status = AnnualReport.Status.FAILED
    report.error = error[:4000]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at", "updated_at"])


def annual_report_build(*, report_id: int, transient=()) -> AnnualReport:
    """Render the report's PDF from its frozen figures into the same row.

    Idempotent: a report already built is returned untouched; a queued or running one (a
    worker that crashed mid-build) is built again. Errors in `transient` propagate so the
    task can retry; any other error marks the report failed with the message.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from portal.signing import SigningError

    from .pdf import render_annual_report, render_signed_annual_report

    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        if report.status in (AnnualReport.Status.SUCCEEDED, AnnualReport.Status.FAILED):
            return report
        report.status = AnnualReport.Status.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.error = ""
        report.save(update_fields=["status", "started_at", "attempts", "error", "updated_at"])

    started = time.monotonic()
    signed = None
    try:
        if report.figures_source == AnnualReport.FiguresSource.LOCKED:
            # The approved version is an official document: it is signed before it is marked
            # ready, and a version that cannot be signed fails (never offered unsigned).
            signed, pages = render_signed_annual_report(report.figures, report=report)
            pdf = signed.data
        else:
            pdf, pages = render_annual_report(report.figures, report=report)
    except SoftTimeLimitExceeded:
        annual_report_mark_failed(
            report_id=report_id, error=_("The build took longer than its time limit.")
        )
        report.refresh_from_db()
        return report
    except transient:
        raise
    except (ImproperlyConfigured, SigningError) as exc:
        logger.error("Annual report %s could not be signed: %s", report_id, exc)
        annual_report_mark_failed(
            report_id=report_id,
            error=_("The approved report could not be signed: %(error)s") % {"error": exc},
        )
        report.refresh_from_db()
        return report
    except Exception as exc:
        logger.exception("Annual report %s failed", report_id)
        annual_report_mark_failed(report_id=report_id, error=_short_error(exc))
        report.refresh_from_db()
        return report

    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        if report.status == AnnualReport.Status.SUCCEEDED:
            return report
        if report.file:
            # A build that crashed after writing its file: replace it in the same row.
            report.file.delete(save=False)
        report.file.save(report.download_name, ContentFile(pdf), save=False)
        report.checksum = hashlib.sha256(pdf).hexdigest()
        report.file_size = len(pdf)
        report.page_count = pages
        report.status = AnnualReport.Status.SUCCEEDED
        report.finished_at = timezone.now()
        report.build_seconds = round(time.monotonic() - started, 3)
        report.error = ""
        if signed is not None:
            report.signed_at, report.signed_by = signed.signed_at, signed.signer[:300]
        report.save()
        if report.notify_officials:
            from .tasks import notify_officials_task

            enqueue_on_commit(notify_officials_task, report_id)
    return report


def annual_report_scheduled(*, today=None) -> AnnualReport | None:
    """The yearly run: last year's report, once, e-mailed to officials when ready."""
    today = today or timezone.localdate()
    year = today.year - 1
    if not Phase.objects.filter(start_year__lte=year, end_year__gte=year).exists():
        return None
    if AnnualReport.objects.filter(year=year, trigger=AnnualReport.Trigger.SCHEDULE).exists():
        return None
    return annual_report_request(
        year=year, by=None, trigger=AnnualReport.Trigger.SCHEDULE, notify_officials=True
    )
