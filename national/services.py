"""Operations of the national roll-up: the register of provincial portals and the pull.

A pull reads the whole of a portal's API into memory first (national/client.py), then
replaces that province's figures and reports in one transaction. A portal that is down, that
answers with an error half-way or sends something malformed leaves nothing written: the
province keeps its last figures, which the dashboard then marks stale."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import authorize

from .client import ApiClient, PullError, fetch_province
from .crypto import decrypt_token, encrypt_token
from .models import ProvincialFigure, ProvincialPortal, ProvincialReport, Pull
from .permissions import can_manage_register
from .provinces import province_name

logger = logging.getLogger(__name__)


@transaction.atomic
def provincial_portal_save(
    *,
    portal: ProvincialPortal | None,
    name: str,
    province_code: str,
    base_url: str,
    active: bool,
    token: str = "",
    by,
) -> ProvincialPortal:
    """Register a provincial portal or change one. An empty `token` keeps the stored one."""
    authorize(by, can_manage_register)
    if province_name(province_code) is None:
        raise ValidationError(
            {
                "province_code": _("There is no province with the code %(code)s.")
                % {"code": province_code}
            }
        )
    creating = portal is None
    portal = portal or ProvincialPortal(created_by=by)
    portal.name, portal.province_code = name.strip(), province_code
    portal.base_url, portal.active = base_url.strip(), active
    portal.updated_by = by
    token = token.strip()
    if token:
        portal.token_encrypted = encrypt_token(token)
        portal.token_hint = token[-4:]
    elif creating:
        raise ValidationError({"token": _("Enter the API token the province issued.")})
    portal.full_clean()
    portal.save()
    return portal


@transaction.atomic
def provincial_portal_delete(*, portal: ProvincialPortal, by) -> None:
    """Remove a portal from the register with everything pulled from it."""
    authorize(by, can_manage_register, portal)
    logger.info("Provincial portal %s removed by %s", portal.province_code, by)
    ProvincialFigure.objects.filter(portal=portal).delete()
    ProvincialReport.objects.filter(portal=portal).delete()
    Pull.objects.filter(portal=portal).delete()
    portal.delete()


def pull_start(*, portal: ProvincialPortal, trigger: str, attempt: int = 1, by) -> Pull:
    """The pull log's row for an attempt, written before anything is fetched."""
    authorize(by, can_manage_register, portal)
    now = timezone.now()
    pull = Pull.objects.create(
        portal=portal,
        base_url=portal.base_url,
        trigger=trigger,
        attempt=attempt,
        started_at=now,
        started_by=by,
    )
    ProvincialPortal.objects.filter(pk=portal.pk).update(last_attempt_at=now)
    return pull


def pull_run(*, pull: Pull, session=None) -> Pull:
    """Fetch the portal's API and store it all, or record why not. Raises PullError (after
    recording it in the log) so that the task can decide whether to try again."""
    portal = pull.portal
    client = ApiClient(
        portal.base_url,
        decrypt_token(portal.token_encrypted),
        timeout=settings.NATIONAL_PULL_TIMEOUT_SECONDS,
        session=session,
    )
    try:
        if client.token is None:
            raise PullError(_("The stored token cannot be read: enter it again."))
        pulled = fetch_province(client)
        if pulled.province_code != portal.province_code:
            raise PullError(
                _("The portal reports province %(got)s, not %(expected)s.")
                % {"got": pulled.province_code, "expected": portal.province_code}
            )
        _store(pull=pull, pulled=pulled)
    except PullError as error:
        _record_failure(pull, str(error), requests_made=client.requests_made)
        raise
    except Exception as error:
        # Whatever went wrong while storing, the transaction rolled back: log it and fail.
        logger.exception("Pull %s of %s failed", pull.pk, portal.province_code)
        _record_failure(
            pull,
            _("Storing the figures failed (%(error)s); the previous figures are kept.")
            % {"error": type(error).__name__},
            requests_made=client.requests_made,
        )
        raise PullError(str(error)) from error
    pull.refresh_from_db()
    return pull


@transaction.atomic
def _store(*, pull: Pull, pulled) -> None:
    """Replace the province's figures and reports with the pulled ones, all or nothing."""
    portal = ProvincialPortal.objects.select_for_update().get(pk=pull.portal_id)
    ProvincialFigure.objects.filter(portal=portal).delete()
    ProvincialReport.objects.filter(portal=portal).delete()
    figures = [
        ProvincialFigure(
            portal=portal,
            pull=pull,
            year=figure.year,
            indicator=figure.indicator,
            indicator_name=pulled.indicators.get(figure.indicator, {}).get("name", ""),
            unit=figure.unit,
            counting=pulled.indicators.get(figure.indicator, {}).get("counting", ""),
            actual=figure.actual,
            target=figure.target,
            status=figure.status,
            provisional=figure.provisional,
            snapshot_sha256=figure.snapshot_sha256,
        )
        for figure in pulled.figures
    ]
    for figure in figures:
        figure.full_clean(exclude=["portal", "pull"], validate_unique=False)
    ProvincialFigure.objects.bulk_create(figures)
    ProvincialReport.objects.bulk_create(
        ProvincialReport(
            portal=portal,
            pull=pull,
            year=report.year,
            version=report.version,
            status=report.status,
            sha256=report.sha256,
            pdf_url=report.pdf_url,
            published_at=report.published_at,
        )
        for report in pulled.reports
    )
    now = timezone.now()
    portal.reported_province_name = pulled.province_name
    portal.reported_program = pulled.program
    portal.last_success_at = portal.last_attempt_at = now
    portal.last_attempt_failed = False
    portal.save(
        update_fields=[
            "reported_province_name",
            "reported_program",
            "last_success_at",
            "last_attempt_at",
            "last_attempt_failed",
            "updated_at",
        ]
    )
    pull.status, pull.finished_at = Pull.Status.SUCCEEDED, now
    pull.requests_made, pull.figures_count = pulled.requests_made, len(figures)
    pull.save(update_fields=["status", "finished_at", "requests_made", "figures_count"])


def _record_failure(pull: Pull, message: str, *, requests_made: int) -> None:
    now = timezone.now()
    Pull.objects.filter(pk=pull.pk).update(
        status=Pull.Status.FAILED,
        finished_at=now,
        error=message[:2000],
        requests_made=requests_made,
    )
    ProvincialPortal.objects.filter(pk=pull.portal_id).update(
        last_attempt_at=now, last_attempt_failed=True
    )


def portal_pull(*, portal: ProvincialPortal, trigger: str, by, session=None) -> Pull:
    """One attempt, start to end (the command and tests; the task adds retries)."""
    authorize(by, can_manage_register, portal)
    pull = pull_start(portal=portal, trigger=trigger, by=by)
    try:
        return pull_run(pull=pull, session=session)
    except PullError:
        pull.refresh_from_db()
        return pull
