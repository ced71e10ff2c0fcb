"""Every operation that changes the enterprises app's records. Views, imports, tasks, the
admin and the demo call these functions, so each rule lives once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from unidecode import unidecode

from portal.duplicates import save_new
from portal.models import Role, User
from portal.permissions import authorize
from portal.queueing import enqueue_on_commit
from portal.service_tools import (
    changed_columns,
    column_values,
    model_update,
    record_actor,
    require_reason,
)
from portal.transitions import can_transition, transition
from portal.uploads import private_document_store
from portal.yearlock import ensure_year_open

from . import cab_strengthened, ledger_totals, support_pairs, supported
from .concordance import DATA_FILE, read_rows
from .concordance import FIELDS as CONCORDANCE_FIELDS
from .industry import (
    IndustryCodeError,
    has_division,
    other_version,
    section_for_code,
    sector_group_for_section,
    version_name,
)
from .models import (
    ConsentRecord,
    IndustryConcordance,
    Membership,
    Organization,
    OrganizationChangeRequest,
    PilotModel,
    PilotReplication,
    ReviewDecision,
    SharingEvent,
    Solution,
    SupportActivity,
    SupportEvidence,
    SupportRequest,
    SupportRequestDocument,
)
from .permissions import (
    can_act_for_organization,
    can_keep_support_records,
    can_review_organizations,
)
from .privacy import PRIVACY_NOTICE_VERSION
from .sizing import size_class_for
from .taxcode import normalize_tax_code

CONFIRMATION_SALT = "enterprises.email-confirmation"
CONFIRMATION_MAX_AGE = 3 * 24 * 3600

# Fields a representative may change without review; name and tax code go through staff.
PROFILE_FIELDS = [
    "kind",
    "name",
    "short_name",
    "tax_code",
    "legal_form",
    "ownership",
    "founded_on",
    "industry_classification",
    "industry_code",
    "sector_group",
    "employees",
    "annual_revenue",
    "total_capital",
    "commune",
    "address",
    "phone",
    "email",
    "website",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "contact_email",
    "main_products",
]
REVIEWED_FIELDS = ("name", "tax_code")


# --- Organizations ----------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _ascii_word(word: str) -> str:
    return unidecode(word)


def search_text_for(*, name: str, short_name: str = "", tax_code: str = "") -> str:
    compact = tax_code.replace("-", "")
    text = f"{name} {short_name} {tax_code} {compact}".lower()
    if text.isascii():
        return text.strip()
    # unidecode replaces character by character, so word by word is the same text; the words
    # of names ("công", "ty", "tnhh") repeat from one organization to the next, and an import
    # of 10,000 rows transliterates each once instead of once per row.
    return " ".join([_ascii_word(word) for word in text.split(" ")]).strip()


def organization_derive(organization: Organization) -> None:
    """Fill the fields computed from others: tax code form, section, sector, size, search text."""
    organization.tax_code = normalize_tax_code(organization.tax_code)
    section = ""
    if organization.industry_code:
        try:
            section = section_for_code(
                organization.industry_classification, organization.industry_code
            )
        except IndustryCodeError:
            section = ""
        organization.industry_code = organization.industry_code.strip().upper()
    organization.industry_section = section
    if section:
        organization.sector_group = sector_group_for_section(section)
    organization.size_class = size_class_for(
        sector_group=organization.sector_group,
        employees=organization.employees,
        revenue=organization.annual_revenue,
        capital=organization.total_capital,
    )
    organization.search_text = search_text_for(
        name=organization.name,
        short_name=organization.short_name,
        tax_code=organization.tax_code,
    )


def industry_code_problem(version: str, code: str) -> str | None:
    """Why `code` is not a code of `version` (None when it is). A division the other version
    has but this one does not (45 in VSIC 2025) is named, with where the concordance puts it."""
    try:
        section_for_code(version, code)
        return None
    except IndustryCodeError as exc:
        division = exc.division
        old = other_version(version)
        if (
            exc.reason == "unknown division"
            and division is not None
            and has_division(old, division)
        ):
            prefix = f"{division:02d}"
            targets = sorted(
                {
                    f"{row.target_section} {row.target_code}".strip()
                    for row in IndustryConcordance.objects.filter(
                        source_version=old,
                        target_version=version,
                        source_code__startswith=prefix,
                    )
                    if row.target_code
                }
            )
            message = _(
                "Division %(division)s does not exist in %(version)s (it is a division of "
                "%(old)s): enter the %(version)s code of the activity, or choose %(old)s if "
                "the code is from that classification."
            ) % {"division": prefix, "version": version_name(version), "old": version_name(old)}
            if targets:
                message += " " + _("Under %(version)s it corresponds to %(targets)s.") % {
                    "version": version_name(version),
                    "targets": ", ".join(targets),
                }
            return message
        return _(
            "This industry code does not exist in %(version)s: enter a section letter "
            "(e.g. C) or a code of 2 to 5 digits (e.g. 2511)."
        ) % {"version": version_name(version)}


def organization_validate(
    organization: Organization, *, changed: Iterable[str] | None = None
) -> None:
    """full_clean plus the industry code check, with messages next to the fields.

    With `changed` (the columns an edit changed, `changed_columns`), what the database's
    constraints already hold for the columns it did not change is not asked again: that the
    row an unchanged foreign key names exists (a query per key) and that an unchanged unique
    value is unique (a query). Every field's own validators still run."""
    errors = {}
    if organization.industry_code:
        problem = industry_code_problem(
            organization.industry_classification, organization.industry_code
        )
        if problem:
            errors["industry_code"] = [problem]
    exclude: list[str] = []
    validate_unique = True
    if changed is not None:
        changed = set(changed)
        columns = organization._meta.concrete_fields
        exclude = [f.name for f in columns if f.is_relation and f.attname not in changed]
        validate_unique = any(
            f.unique and not f.primary_key and f.attname in changed for f in columns
        )
    try:
        organization.full_clean(exclude=exclude, validate_unique=validate_unique)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _duplicate_tax_code_message() -> str:
    return _(
        "An organization with this tax code is already registered. Do not register it again: "
        "ask to join the existing organization instead, and program staff will link your "
        "account to it."
    )


def _check_tax_code_free(tax_code: str, *, exclude_pk: int | None = None) -> None:
    qs = Organization.objects.filter(tax_code=normalize_tax_code(tax_code))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"tax_code": _duplicate_tax_code_message()})


def _record_decision(
    *, organization: Organization, action: str, by, reason: str = "", notify: bool = True
) -> ReviewDecision:
    decision = ReviewDecision.objects.create(
        organization=organization, action=action, by=by, reason=reason
    )
    if notify:
        from .tasks import send_review_decision_task

        enqueue_on_commit(send_review_decision_task, decision.pk)
    return decision


def _enterprise_group() -> Group:
    return Group.objects.get(name=Role.ENTERPRISE)


def _duplicate_email_message() -> str:
    return _(
        "An account with this e-mail address already exists. Sign in first, then "
        "register or ask to join from your account."
    )


def _existing_account(account: dict | None, *, purpose: str, organization_name: str) -> bool:
    """The public forms never say whether an e-mail address has an account (that would let
    anyone test addresses). When it has one, nothing is saved, the form answers as for a new
    account, and the account's owner gets an e-mail saying to sign in and do it from there."""
    if not account:
        return False
    email = User.objects.normalize_email(account.get("email", "")).lower()
    user_id = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
    if user_id is None:
        return False
    from .tasks import send_account_exists_task

    enqueue_on_commit(
        send_account_exists_task, user_id, purpose=purpose, organization=organization_name
    )
    return True


def _create_account(*, account: dict, active: bool) -> User:
    email = User.objects.normalize_email(account["email"]).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _duplicate_email_message()})
    user = User(
        email=email,
        full_name=account.get("full_name", ""),
        phone=account.get("phone", ""),
        position=account.get("position", ""),
        is_active=active,
    )
    user.set_password(account["password"])
    user.full_clean(exclude=["password"])
    save_new(user, duplicate_message={"email": _duplicate_email_message()})
    user.groups.add(_enterprise_group())
    return user


def _record_consent(
    *, user, organization, purpose: str, ip: str | None, user_agent: str
) -> ConsentRecord:
    return ConsentRecord.objects.create(
        user=user,
        organization=organization,
        purpose=purpose,
        notice_version=PRIVACY_NOTICE_VERSION,
        given_at=timezone.now(),
        ip_address=ip or None,
        user_agent=(user_agent or "")[:300],
    )


def confirmation_token(*, user, organization=None, membership=None) -> str:
    return signing.dumps(
        {
            "u": user.pk,
            "e": user.email,
            "o": organization.pk if organization else None,
            "m": membership.pk if membership else None,
        },
        salt=CONFIRMATION_SALT,
    )


@transaction.atomic
def organization_register(
    *,
    data: dict,
    representative=None,
    account: dict | None = None,
    ip: str | None = None,
    user_agent: str = "",
) -> Organization | None:
    """A public registration: the organization (status draft until the representative's e-mail
    is confirmed, or pending at once when a signed-in user registers), the representative's
    membership and the consent record. None when the new account's e-mail already has an
    account: nothing is saved and its owner is told by e-mail (the page says the same)."""
    _check_tax_code_free(data.get("tax_code", ""))
    organization = Organization(**{k: v for k, v in data.items() if k in PROFILE_FIELDS})
    organization_derive(organization)
    if representative is None and _existing_account(
        account, purpose="register", organization_name=organization.name
    ):
        return None
    needs_confirmation = representative is None
    organization.status = (
        Organization.Status.DRAFT if needs_confirmation else Organization.Status.PENDING
    )
    organization_validate(organization)
    if representative is None:
        if not account:
            raise ValidationError(_("The representative's account details are missing."))
        representative = _create_account(account=account, active=False)
    elif not representative.is_enterprise_user:
        representative.groups.add(_enterprise_group())
    if not needs_confirmation:
        organization.submitted_at = timezone.now()
    record_actor(organization, representative)
    save_new(organization, duplicate_message={"tax_code": _duplicate_tax_code_message()})
    Membership.objects.create(
        user=representative,
        organization=organization,
        role=Membership.Role.REPRESENTATIVE,
        status=Membership.Status.ACTIVE,
    )
    _record_consent(
        user=representative,
        organization=organization,
        purpose=ConsentRecord.Purpose.REGISTRATION,
        ip=ip,
        user_agent=user_agent,
    )
    if needs_confirmation:
        user_pk, org_pk = representative.pk, organization.pk
        from .tasks import send_email_confirmation_task

        enqueue_on_commit(send_email_confirmation_task, user_pk, organization_id=org_pk)
    else:
        _record_decision(
            organization=organization, action=ReviewDecision.Action.SUBMITTED, by=representative
        )
    return organization


@transaction.atomic
def email_confirm(*, token: str) -> dict:
    """Confirm the e-mail address behind a registration or a join request.

    Returns {"user", "organization", "membership"}; raises ValidationError when the link is
    invalid or expired. Confirming twice is harmless."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Please register again.")
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This confirmation link is not valid.")) from None
    user = User.objects.select_for_update().filter(pk=payload.get("u")).first()
    if user is None or user.email != payload.get("e"):
        raise ValidationError(_("This confirmation link is not valid."))
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    organization = membership = None
    if payload.get("o"):
        organization = Organization.objects.select_for_update().filter(pk=payload["o"]).first()
        if organization is None:
            raise ValidationError(_("This confirmation link is not valid."))
        if can_transition(organization, "confirm")[0]:  # confirming twice is harmless
            transition(organization, "confirm")
            organization.submitted_at = timezone.now()
            record_actor(organization, user)
            organization.save(update_fields=["status", "submitted_at", "updated_at"])
            _record_decision(
                organization=organization, action=ReviewDecision.Action.SUBMITTED, by=user
            )
    if payload.get("m"):
        membership = Membership.objects.filter(pk=payload["m"], user=user).first()
    return {"user": user, "organization": organization, "membership": membership}


@transaction.atomic
def organization_create(*, data: dict, by) -> Organization:
    """Staff enter an organization directly: it is active at once."""
    authorize(by, can_review_organizations)
    _check_tax_code_free(data.get("tax_code", ""))
    organization = Organization(**{k: v for k, v in data.items() if k in PROFILE_FIELDS})
    organization_derive(organization)
    organization.status = Organization.Status.ACTIVE
    organization.decided_by, organization.decided_at = by, timezone.now()
    organization_validate(organization)
    record_actor(organization, by)
    save_new(organization, duplicate_message={"tax_code": _duplicate_tax_code_message()})
    _record_decision(
        organization=organization,
        action=ReviewDecision.Action.APPROVED,
        by=by,
        reason=_("Entered by program staff."),
        notify=False,
    )
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, by, data: dict) -> Organization:
    """Staff edit any profile field, name and tax code included."""
    authorize(by, can_review_organizations, organization)
    if "tax_code" in data:
        _check_tax_code_free(data["tax_code"], exclude_pk=organization.pk)
    before = column_values(organization)
    model_update(instance=organization, fields=PROFILE_FIELDS, data=data, ignore_unknown=True)
    organization_derive(organization)
    _save_profile(organization, by=by, before=before)
    return organization


def _save_profile(organization: Organization, *, by, before: dict) -> None:
    """Validate and save a profile edit: only the columns it changed (with `updated_at`), and
    the kept counts of supported organizations only when it changed a column they group by
    (its commune, industry, size or kind). An edit that changes nothing still saves its
    version to the history, as every edit does."""
    changed = changed_columns(organization, before)
    organization_validate(organization, changed=changed)
    record_actor(organization, by)
    with supported.organizations_moving([organization.pk], changing=changed):
        organization.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def organization_update_by_representative(
    *, organization: Organization, by, data: dict, note: str = ""
) -> tuple[Organization, OrganizationChangeRequest | None]:
    """A representative edits the profile. Before the registration is accepted every field
    saves directly; afterwards a new name or tax code becomes a change request for staff."""
    authorize(by, can_act_for_organization, organization)
    if organization.status == Organization.Status.REJECTED:
        raise ValidationError(_("A rejected registration can no longer be edited."))
    direct_fields = [f for f in PROFILE_FIELDS if f not in REVIEWED_FIELDS]
    change_request = None
    if organization.is_editable_by_representative:
        direct_fields = PROFILE_FIELDS
        if "tax_code" in data:
            _check_tax_code_free(data["tax_code"], exclude_pk=organization.pk)
    else:
        new_name = data.get("name", organization.name)
        new_tax_code = normalize_tax_code(data.get("tax_code", organization.tax_code))
        if (new_name, new_tax_code) != (organization.name, organization.tax_code):
            change_request = change_request_submit(
                organization=organization,
                by=by,
                new_name=new_name,
                new_tax_code=new_tax_code,
                note=note,
            )
    before = column_values(organization)
    model_update(instance=organization, fields=direct_fields, data=data, ignore_unknown=True)
    organization_derive(organization)
    _save_profile(organization, by=by, before=before)
    return organization, change_request


@transaction.atomic
def organization_resubmit(*, organization: Organization, by) -> Organization:
    authorize(by, can_act_for_organization, organization)
    transition(organization, "resubmit")
    organization.submitted_at = timezone.now()
    record_actor(organization, by)
    organization.save(update_fields=["status", "submitted_at", "updated_at"])
    _record_decision(organization=organization, action=ReviewDecision.Action.RESUBMITTED, by=by)
    return organization


def _decide(organization: Organization, *, move: str, action: str, by, reason: str) -> None:
    """Move the organization's status and keep the decision (the representative is told)."""
    transition(organization, move)
    organization.status_reason = reason
    organization.decided_by, organization.decided_at = by, timezone.now()
    record_actor(organization, by)
    organization.save(
        update_fields=["status", "status_reason", "decided_by", "decided_at", "updated_at"]
    )
    _record_decision(organization=organization, action=action, by=by, reason=reason)


@transaction.atomic
def organization_approve(*, organization: Organization, by) -> Organization:
    authorize(by, can_review_organizations, organization)
    _decide(
        organization,
        move="approve",
        action=ReviewDecision.Action.APPROVED,
        by=by,
        reason="",
    )
    return organization


@transaction.atomic
def organization_reject(*, organization: Organization, by, reason: str) -> Organization:
    authorize(by, can_review_organizations, organization)
    reason = require_reason(reason)
    _decide(
        organization,
        move="reject",
        action=ReviewDecision.Action.REJECTED,
        by=by,
        reason=reason,
    )
    return organization


@transaction.atomic
def organization_request_changes(*, organization: Organization, by, reason: str) -> Organization:
    authorize(by, can_review_organizations, organization)
    reason = require_reason(reason)
    _decide(
        organization,
        move="request_changes",
        action=ReviewDecision.Action.CHANGES_REQUESTED,
        by=by,
        reason=reason,
    )
    return organization


@transaction.atomic
def organization_deactivate(*, organization: Organization, by, reason: str) -> Organization:
    authorize(by, can_review_organizations, organization)
    reason = require_reason(reason)
    _decide(
        organization,
        move="deactivate",
        action=ReviewDecision.Action.DEACTIVATED,
        by=by,
        reason=reason,
    )
    return organization


@transaction.atomic
def organization_reactivate(*, organization: Organization, by, reason: str = "") -> Organization:
    authorize(by, can_review_organizations, organization)
    _decide(
        organization,
        move="reactivate",
        action=ReviewDecision.Action.REACTIVATED,
        by=by,
        reason=reason,
    )
    return organization


# --- Memberships (join requests) ---------------------------------------------------------------


@transaction.atomic
def membership_request(
    *,
    tax_code: str,
    user=None,
    account: dict | None = None,
    message: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> Membership | None:
    """Someone asks to act for an organization already registered: a pending membership that
    staff approve. A new account must confirm its e-mail first. None when the new account's
    e-mail already has an account: nothing is saved and its owner is told by e-mail."""
    organization = Organization.objects.filter(tax_code=normalize_tax_code(tax_code)).first()
    if organization is None or organization.status in (
        Organization.Status.DRAFT,
        Organization.Status.REJECTED,
    ):
        raise ValidationError(
            {
                "tax_code": _(
                    "No registered organization has this tax code. Check the number, or "
                    "register the organization."
                )
            }
        )
    needs_confirmation = user is None
    if user is None:
        if not account:
            raise ValidationError(_("Your account details are missing."))
        if _existing_account(account, purpose="join", organization_name=organization.name):
            return None
        user = _create_account(account=account, active=False)
    elif Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(
            {
                "tax_code": _(
                    "You have already asked to join, or already act for, this organization."
                )
            }
        )
    elif not user.is_enterprise_user:
        user.groups.add(_enterprise_group())
    membership = Membership(
        user=user,
        organization=organization,
        role=Membership.Role.MEMBER,
        status=Membership.Status.PENDING,
        message=message,
    )
    membership.full_clean()
    save_new(
        membership,
        duplicate_message={
            "tax_code": _("You have already asked to join, or already act for, this organization.")
        },
    )
    _record_consent(
        user=user,
        organization=organization,
        purpose=ConsentRecord.Purpose.JOIN_REQUEST,
        ip=ip,
        user_agent=user_agent,
    )
    if needs_confirmation:
        user_pk, membership_pk = user.pk, membership.pk
        from .tasks import send_email_confirmation_task

        enqueue_on_commit(send_email_confirmation_task, user_pk, membership_id=membership_pk)
    return membership


def _membership_decide(membership: Membership, *, move: str, by, reason: str = "") -> None:
    transition(membership, move)
    membership.decided_by, membership.decided_at = by, timezone.now()
    if reason:
        membership.message = (membership.message + "\n\n" if membership.message else "") + (
            _("Staff: %(reason)s") % {"reason": reason}
        )
    record_actor(membership, by)
    membership.save(update_fields=["status", "decided_by", "decided_at", "message", "updated_at"])
    from .tasks import send_membership_decision_task

    enqueue_on_commit(send_membership_decision_task, membership.pk)


@transaction.atomic
def membership_approve(*, membership: Membership, by) -> Membership:
    authorize(by, can_review_organizations, membership)
    if not membership.user.is_active:
        raise ValidationError(_("The person has not confirmed their e-mail address yet."))
    _membership_decide(membership, move="approve", by=by)
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, by, reason: str) -> Membership:
    authorize(by, can_review_organizations, membership)
    reason = require_reason(reason)
    _membership_decide(membership, move="reject", by=by, reason=reason)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, by) -> Membership:
    authorize(by, can_review_organizations, membership)
    transition(membership, "revoke")
    membership.decided_by, membership.decided_at = by, timezone.now()
    record_actor(membership, by)
    membership.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return membership


# --- Change requests (name, tax code) -----------------------------------------------------------


@transaction.atomic
def change_request_submit(
    *, organization: Organization, by, new_name: str, new_tax_code: str, note: str = ""
) -> OrganizationChangeRequest:
    authorize(by, can_act_for_organization, organization)
    if organization.change_requests.filter(
        status=OrganizationChangeRequest.Status.PENDING
    ).exists():
        raise ValidationError(
            _("A change of name or tax code is already waiting for staff review.")
        )
    new_tax_code = normalize_tax_code(new_tax_code)
    if new_tax_code != organization.tax_code:
        _check_tax_code_free(new_tax_code, exclude_pk=organization.pk)
        from .taxcode import validate_tax_code

        try:
            validate_tax_code(new_tax_code)
        except ValidationError as exc:
            raise ValidationError({"tax_code": exc.messages}) from None
    if not (new_name or "").strip():
        raise ValidationError({"name": _("The name cannot be empty.")})
    change = OrganizationChangeRequest(
        organization=organization,
        old_name=organization.name,
        old_tax_code=organization.tax_code,
        new_name=new_name.strip(),
        new_tax_code=new_tax_code,
        note=note,
        requested_by=by,
    )
    change.full_clean()
    record_actor(change, by)
    change.save()
    return change


@transaction.atomic
def change_request_approve(*, change: OrganizationChangeRequest, by) -> OrganizationChangeRequest:
    authorize(by, can_review_organizations, change)
    organization = Organization.objects.select_for_update().get(pk=change.organization_id)
    _check_tax_code_free(change.new_tax_code, exclude_pk=organization.pk)
    transition(change, "approve")
    organization.name, organization.tax_code = change.new_name, change.new_tax_code
    organization_derive(organization)
    organization_validate(organization)
    record_actor(organization, by)
    with supported.organizations_moving([organization.pk]):  # derived size/section may move
        organization.save()
    change.decided_by, change.decided_at = by, timezone.now()
    record_actor(change, by)
    change.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _record_decision(
        organization=organization,
        action=ReviewDecision.Action.CHANGE_APPROVED,
        by=by,
        reason=f"{change.old_name} ({change.old_tax_code}) → {change.new_name} "
        f"({change.new_tax_code})",
    )
    return change


@transaction.atomic
def change_request_reject(
    *, change: OrganizationChangeRequest, by, reason: str
) -> OrganizationChangeRequest:
    authorize(by, can_review_organizations, change)
    reason = require_reason(reason)
    transition(change, "reject")
    change.response = reason
    change.decided_by, change.decided_at = by, timezone.now()
    record_actor(change, by)
    change.save(update_fields=["status", "response", "decided_by", "decided_at", "updated_at"])
    _record_decision(
        organization=change.organization,
        action=ReviewDecision.Action.CHANGE_REJECTED,
        by=by,
        reason=reason,
    )
    return change


# --- Support requests and the support ledger ----------------------------------------------------


@transaction.atomic
def support_request_create(
    *, organization: Organization, by, solutions: Iterable[Solution], need: str, document=None
) -> SupportRequest:
    authorize(by, can_act_for_organization, organization)
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            _("Support can be requested once the organization's registration is approved.")
        )
    solutions = list(solutions)
    if not solutions:
        raise ValidationError({"solutions": _("Choose at least one solution.")})
    # The same request sent twice (a double click, a re-sent form) is the request already
    # made: the organization's row is locked so two posts at once take turns, and the second
    # finds the first.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    same = (
        SupportRequest.objects.filter(
            organization=organization,
            need=(need or "").strip(),
            status__in=(SupportRequest.Status.SUBMITTED, SupportRequest.Status.IN_REVIEW),
        )
        .order_by("created_at")
        .first()
    )
    if same is not None and {s.pk for s in same.solutions.all()} == {s.pk for s in solutions}:
        return same
    request = SupportRequest(organization=organization, need=(need or "").strip(), created_by=by)
    request.full_clean()
    record_actor(request, by)
    request.save()
    request.solutions.set(solutions)
    if document:
        try:
            private_document_store(SupportRequestDocument(request=request), file=document, by=by)
        except ValidationError as exc:  # the form's field is "document"; nothing is kept
            raise ValidationError({"document": exc.messages}) from None
    return request


@transaction.atomic
def support_request_withdraw(*, request: SupportRequest, by) -> SupportRequest:
    authorize(by, can_act_for_organization, request.organization)
    transition(request, "withdraw")
    record_actor(request, by)
    request.save(update_fields=["status", "updated_at"])
    return request


# staff's answer (the status it gives the request) -> the move on SupportRequest.WORKFLOW
RESPONSE_MOVES = {
    SupportRequest.Status.IN_REVIEW: "review",
    SupportRequest.Status.ACCEPTED: "accept",
    SupportRequest.Status.DECLINED: "decline",
}
RESPONSE_STATUSES = tuple(RESPONSE_MOVES)


@transaction.atomic
def support_request_respond(
    *, request: SupportRequest, by, status: str, response: str = ""
) -> SupportRequest:
    authorize(by, can_keep_support_records, request)
    if status not in RESPONSE_STATUSES:
        raise ValidationError({"status": _("Choose a valid answer.")})
    transition(request, RESPONSE_MOVES[SupportRequest.Status(status)])  # "closed" comes first
    if status == SupportRequest.Status.DECLINED and not response.strip():
        raise ValidationError({"response": _("Say why the request is declined.")})
    request.response, request.decided_by = response, by
    record_actor(request, by)
    request.save(update_fields=["status", "response", "decided_by", "updated_at"])
    return request


ACTIVITY_FIELDS = [
    "date",
    "kind",
    "title",
    "description",
    "participants",
    "state_budget",
    "own_contribution",
    "outcome",
    "certificate_number",
    "certificate_body",
    "certificate_date",
]


def _check_supportable(organizations: list[Organization]) -> None:
    bad = [
        o.name
        for o in organizations
        if o.status in (Organization.Status.DRAFT, Organization.Status.REJECTED)
    ]
    if bad:
        raise ValidationError(
            {
                "organizations": _(
                    "Support can only be recorded for registered organizations: %(names)s."
                )
                % {"names": ", ".join(bad)}
            }
        )


@transaction.atomic
def support_activity_record(
    *,
    organizations: Iterable[Organization],
    by,
    data: dict,
    solutions: Iterable[Solution] = (),
    request: SupportRequest | None = None,
) -> list[SupportActivity]:
    """Record one support for one organization, or the same support for many at once (a
    seminar that reached 40 enterprises): one row each, sharing a batch."""
    authorize(by, can_keep_support_records)
    organizations = list(dict.fromkeys(organizations))
    if not organizations:
        raise ValidationError({"organizations": _("Choose at least one organization.")})
    _check_supportable(organizations)
    if request is not None and any(o.pk != request.organization_id for o in organizations):
        raise ValidationError(_("An activity from a request is for the requesting organization."))
    values = {k: v for k, v in data.items() if k in ACTIVITY_FIELDS}
    ensure_year_open(values.get("date"), field="date")
    batch = SupportActivity.new_batch() if len(organizations) > 1 else None
    activities = [
        SupportActivity(organization=o, recorded_by=by, request=request, batch=batch, **values)
        for o in organizations
    ]
    activities[0].full_clean(exclude=["organization", "request", "recorded_by"])
    if len(activities) == 1:
        record_actor(activities[0], by)
        activities[0].save()
    else:
        activities = bulk_create_with_history(activities, SupportActivity, default_user=by)
        if batch is not None and any(a.pk is None for a in activities):
            activities = list(SupportActivity.objects.filter(batch=batch))
    solutions = list(solutions)
    if solutions:
        through = SupportActivity.solutions.through
        through.objects.bulk_create(
            [through(supportactivity=a, solution=s) for a in activities for s in solutions]
        )
    if request is not None and can_transition(request, "fulfil")[0]:
        transition(request, "fulfil")
        request.decided_by = by
        record_actor(request, by)
        request.save(update_fields=["status", "decided_by", "updated_at"])
    supported.activities_changed([o.pk for o in organizations], [values.get("date")])
    ledger_totals.apply(added=activities)
    return activities


@transaction.atomic
def support_activity_update(
    *, activity: SupportActivity, by, data: dict, solutions: Iterable[Solution] | None = None
) -> SupportActivity:
    authorize(by, can_keep_support_records, activity)
    if activity.status == SupportActivity.Status.CANCELLED:
        raise ValidationError(_("A cancelled activity cannot be edited."))
    before = ledger_totals.stored(activity.pk)
    stored_date = [before["date"]] if before else []
    ensure_year_open(*stored_date, data.get("date"), field="date")
    model_update(instance=activity, fields=ACTIVITY_FIELDS, data=data, ignore_unknown=True)
    activity.full_clean(exclude=["recorded_by", "request"])
    record_actor(activity, by)
    activity.save()
    if solutions is not None:
        activity.solutions.set(list(solutions))
    supported.activities_changed([activity.organization_id], [*stored_date, activity.date])
    ledger_totals.changed(before, activity)
    return activity


@transaction.atomic
def support_activity_cancel(*, activity: SupportActivity, by, reason: str) -> SupportActivity:
    authorize(by, can_keep_support_records, activity)
    reason = (reason or "").strip()
    before = ledger_totals.stored(activity.pk)
    ensure_year_open(*([before["date"]] if before else []))
    transition(activity, "cancel")
    activity.cancel_reason = reason
    activity.full_clean(exclude=["recorded_by", "request"])
    record_actor(activity, by)
    activity.save(update_fields=["status", "cancel_reason", "updated_at"])
    supported.activities_changed([activity.organization_id], [activity.date])
    if before:  # only the status was saved: the rest of the row is as stored
        ledger_totals.changed(before, {**before, "status": activity.status})
    return activity


@transaction.atomic
def evidence_add(*, activity: SupportActivity, by, file, description: str = "") -> SupportEvidence:
    authorize(by, can_keep_support_records, activity)
    evidence = SupportEvidence(activity=activity, description=description)
    return private_document_store(evidence, file=file, by=by)


@transaction.atomic
def evidence_delete(*, evidence: SupportEvidence, by) -> None:
    """Remove the file from the activity. The stored file stays: the evidence file's history
    (who uploaded and removed it, when) still points at it."""
    authorize(by, can_keep_support_records, evidence)
    record_actor(evidence, by)
    evidence.delete()


# --- Solutions -------------------------------------------------------------------------------


@transaction.atomic
def solution_save(*, solution: Solution, by) -> Solution:
    authorize(by, can_keep_support_records, solution)
    solution.full_clean()
    if solution._state.adding:
        save_new(solution)
    else:
        group_before = Solution.objects.filter(pk=solution.pk).values_list("group", flat=True)
        stored_group = group_before.first()
        solution.save()
        # Its activities may strengthen CABs now, or no longer.
        cab_strengthened.solution_regrouped(solution.pk, stored_group, solution.group)
        support_pairs.solution_regrouped(solution.pk, stored_group, solution.group)
    return solution


# --- Pilot models ---------------------------------------------------------------------------

PILOT_FIELDS = [
    "title",
    "selected_on",
    "baseline_productivity",
    "result_productivity",
    "productivity_unit",
    "baseline_defect_rate",
    "result_defect_rate",
    "cost_savings",
    "energy_savings_percent",
    "notes",
]


@transaction.atomic
def pilot_model_create(
    *, organization: Organization, by, data: dict, solutions: Iterable[Solution]
) -> PilotModel:
    authorize(by, can_keep_support_records)
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            {"organization": _("A pilot model needs an active registered organization.")}
        )
    ensure_year_open(data.get("selected_on"), field="selected_on")
    pilot = PilotModel(
        organization=organization,
        status=PilotModel.Status.SELECTED,
        **{k: v for k, v in data.items() if k in PILOT_FIELDS},
    )
    pilot.full_clean()
    record_actor(pilot, by)
    pilot.save()
    pilot.solutions.set(list(solutions))
    return pilot


@transaction.atomic
def pilot_model_update(
    *, pilot: PilotModel, by, data: dict, solutions: Iterable[Solution] | None = None
) -> PilotModel:
    authorize(by, can_keep_support_records, pilot)
    stored = PilotModel.objects.filter(pk=pilot.pk).values_list("selected_on", flat=True)
    ensure_year_open(*stored, data.get("selected_on"), field="selected_on")
    model_update(instance=pilot, fields=PILOT_FIELDS, data=data, ignore_unknown=True)
    pilot.full_clean()
    record_actor(pilot, by)
    pilot.save()
    if solutions is not None:
        pilot.solutions.set(list(solutions))
    return pilot


def _pilot_move_to(pilot: PilotModel, to: str) -> str | None:
    """The move of PilotModel.WORKFLOW from the pilot's status to `to`, if there is one."""
    workflow = PilotModel.WORKFLOW
    for name in workflow.available(pilot.status):
        if workflow[name].to == to:
            return name
    return None


def pilot_allowed_transitions(pilot: PilotModel) -> tuple[str, ...]:
    """The statuses the pilot may move to next (from PilotModel.WORKFLOW)."""
    workflow = PilotModel.WORKFLOW
    return tuple(workflow[name].to for name in workflow.available(pilot.status))


@transaction.atomic
def pilot_model_transition(
    *, pilot: PilotModel, by, to: str, on: dt.date, recognition_decision: str = ""
) -> PilotModel:
    """Move a pilot model one step along selected → implementing → evaluated → recognized."""
    authorize(by, can_keep_support_records, pilot)
    move = _pilot_move_to(pilot, to)
    if move is None:
        raise ValidationError(
            {
                "to": _("A pilot model that is %(current)s cannot move to %(target)s.")
                % {
                    "current": pilot.get_status_display().lower(),
                    "target": str(PilotModel.Status(to).label).lower()
                    if to in PilotModel.Status.values
                    else to,
                }
            }
        )
    if on < pilot.selected_on:
        raise ValidationError({"on": _("The date cannot be before the selection date.")})
    ensure_year_open(on, field="on")
    if to == PilotModel.Status.IMPLEMENTING:
        pilot.implementation_started_on = on
    elif to == PilotModel.Status.EVALUATED:
        has_result = any(
            getattr(pilot, f) is not None
            for f in (
                "result_productivity",
                "result_defect_rate",
                "cost_savings",
                "energy_savings_percent",
            )
        )
        if not has_result:
            raise ValidationError(
                {
                    "to": _(
                        "Enter at least one result figure (productivity, defect rate, cost or "
                        "energy savings) before marking the model evaluated."
                    )
                }
            )
        pilot.evaluated_on = on
    elif to == PilotModel.Status.RECOGNIZED:
        recognition_decision = (recognition_decision or "").strip()
        if not recognition_decision:
            raise ValidationError(
                {"recognition_decision": _("Enter the number of the recognition decision.")}
            )
        pilot.recognized_on = on
        pilot.recognition_decision = recognition_decision
    transition(pilot, move)
    pilot.full_clean()
    record_actor(pilot, by)
    pilot.save()
    return pilot


@transaction.atomic
def sharing_event_add(*, pilot: PilotModel, by, data: dict) -> SharingEvent:
    authorize(by, can_keep_support_records, pilot)
    event = SharingEvent(pilot_model=pilot, **data)
    event.full_clean()
    event.save()
    return event


# --- Industry concordance (reference data) ----------------------------------------------------

CONCORDANCE_EDIT_FIELDS = ("target_section", "target_code", "exact", "note")


@transaction.atomic
def industry_concordance_load(*, by, path=DATA_FILE, overwrite: bool = True) -> dict:
    """Load the concordance file: new rows are added; rows already present take the file's
    values when `overwrite` (staff edits are kept otherwise). Every row is checked first;
    nothing is written when one is wrong."""
    authorize(by, can_keep_support_records)
    rows = read_rows(path)
    errors = []
    existing = {
        (row.source_version, row.source_code, row.target_version): row
        for row in IndustryConcordance.objects.all()
    }
    to_save = []
    for number, values in enumerate(rows, start=1):
        key = (values["source_version"], values["source_code"], values["target_version"])
        row = existing.get(key)
        if row is not None and not overwrite:
            continue
        row = row or IndustryConcordance()
        changed = row.pk is None
        for field in CONCORDANCE_FIELDS:
            if getattr(row, field) != values[field]:
                setattr(row, field, values[field])
                changed = True
        if not changed:
            continue
        try:
            row.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.append(
                _("Row %(number)s (%(code)s): %(errors)s")
                % {
                    "number": number,
                    "code": values["source_code"],
                    "errors": "; ".join(exc.messages),
                }
            )
        to_save.append(row)
    if errors:
        raise ValidationError(errors)
    created = 0
    for row in to_save:
        created += row.pk is None
        record_actor(row, by)
        row.save()
    return {"created": created, "updated": len(to_save) - created, "total": len(rows)}


@transaction.atomic
def industry_concordance_update(*, row: IndustryConcordance, by, **fields) -> IndustryConcordance:
    """Staff correct one row of the concordance (the target section, code, note)."""
    authorize(by, can_keep_support_records, row)
    model_update(instance=row, fields=CONCORDANCE_EDIT_FIELDS, data=fields, strip_text=True)
    row.full_clean()
    record_actor(row, by)
    row.save()
    return row


@transaction.atomic
def pilot_replication_add(
    *, pilot: PilotModel, organization: Organization, replicated_on: dt.date, notes: str = "", by
) -> PilotReplication:
    """Record that `organization` replicated the pilot model (counted in the annual report's
    sharing and replication of pilot models)."""
    authorize(by, can_keep_support_records, pilot)
    if organization.pk == pilot.organization_id:
        raise ValidationError(
            {"organization": _("The model's own organization cannot replicate it.")}
        )
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError({"organization": _("Choose an active registered organization.")})
    if replicated_on < pilot.selected_on:
        raise ValidationError(
            {"replicated_on": _("A model cannot be replicated before it was selected.")}
        )
    if replicated_on > timezone.localdate():
        raise ValidationError({"replicated_on": _("The date cannot be in the future.")})
    if PilotReplication.objects.filter(pilot_model=pilot, organization=organization).exists():
        raise ValidationError(
            {"organization": _("This organization is already recorded as replicating the model.")}
        )
    replication = PilotReplication(
        pilot_model=pilot,
        organization=organization,
        replicated_on=replicated_on,
        notes=(notes or "").strip(),
        recorded_by=by,
    )
    record_actor(replication, by)
    replication.full_clean()
    replication.save()
    return replication


@transaction.atomic
def pilot_replication_remove(*, replication: PilotReplication, by) -> None:
    """Remove a replication recorded by mistake (the history keeps who removed it)."""
    authorize(by, can_keep_support_records, replication)
    record_actor(replication, by)
    replication.delete()
