"""State changes of the portal core: articles, communication activities, policies and the
program settings. Views, the admin, commands and imports call these functions, so each rule
lives once. Every function is keyword-only, atomic, validates with `full_clean()` and raises
`ValidationError` with translated messages."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .duplicates import save_new
from .models import (
    AdministrativeUnit,
    Article,
    CommunicationActivity,
    Policy,
    ProgramSettings,
    PublicationStatus,
    User,
)
from .permissions import authorize, can_deactivate_accounts, can_manage_portal_content
from .service_tools import model_update, record_actor
from .text import search_key, unique_slug
from .transitions import transition
from .uploads import PDF, safe_name, validate_document
from .yearlock import ensure_year_open


@transaction.atomic
def user_deactivate(*, user: User, by: User | None) -> bool:
    """Accounts are deactivated, never deleted: consent records, memberships, reviews and the
    history stay attached. Returns whether the account was active."""
    authorize(by, can_deactivate_accounts, user)
    if not user.is_active:
        return False
    user.is_active = False
    record_actor(user, by)
    user.save(update_fields=["is_active"])
    return True


def search_text_refresh(instance) -> None:
    """Recompute the accent-insensitive search column of an article, policy or activity (the
    admin saves rows itself and calls this first)."""
    if isinstance(instance, Article):
        _article_index(instance)
    elif isinstance(instance, Policy):
        _policy_index(instance)
    elif isinstance(instance, CommunicationActivity):
        _communication_index(instance)


# --- Articles ----------------------------------------------------------------------------


def _article_index(article: Article) -> None:
    article.search_text = search_key(article.title, article.summary, article.body)


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    category: str = Article.Category.NEWS,
    summary: str = "",
    author_name: str = "",
    published_at: dt.datetime | None = None,
    publish: bool = False,
    by: User | None,
) -> Article:
    """A new article, saved as a draft (or published at once with `publish=True`).

    `published_at` in the future schedules the article: it stays hidden until then."""
    authorize(by, can_manage_portal_content)
    article = Article(
        title=(title or "").strip(),
        body=body,
        category=category,
        summary=summary,
        author_name=author_name,
        published_at=published_at,
        status=PublicationStatus.DRAFT,
        created_by=by,
    )
    article.slug = unique_slug(Article, article.title, fallback="bai-viet")
    _article_index(article)
    article.full_clean()
    record_actor(article, by)
    save_new(article)
    if publish:
        article = article_publish(article=article, by=by)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    title: str,
    body: str,
    category: str,
    summary: str = "",
    author_name: str = "",
    published_at: dt.datetime | None = None,
    by: User | None,
) -> Article:
    """Edit an article. Its address (slug) follows the title only until it is first published,
    so links that were shared keep working."""
    authorize(by, can_manage_portal_content, article)
    title = (title or "").strip()
    if article.status == PublicationStatus.PUBLISHED and published_at is None:
        # A published article always has a date; an emptied field keeps the old one.
        published_at = article.published_at
    never_published = article.status == PublicationStatus.DRAFT and article.published_at is None
    if never_published and title != article.title:
        article.slug = unique_slug(Article, title, instance=article, fallback="bai-viet")
    article.title, article.body, article.category = title, body, category
    article.summary, article.author_name, article.published_at = summary, author_name, published_at
    _article_index(article)
    article.full_clean()
    record_actor(article, by)
    article.save()
    return article


@transaction.atomic
def article_publish(*, article: Article, by: User | None) -> Article:
    """Publish a draft or a withdrawn article. Without a date it is published now; with a date
    in the future it appears on the public site at that moment."""
    authorize(by, can_manage_portal_content, article)
    article = Article.objects.select_for_update().get(pk=article.pk)
    transition(article, "publish")
    if article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean()
    record_actor(article, by)
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


@transaction.atomic
def article_archive(*, article: Article, by: User | None) -> Article:
    """Withdraw a published article from the public site (it can be published again)."""
    authorize(by, can_manage_portal_content, article)
    article = Article.objects.select_for_update().get(pk=article.pk)
    transition(article, "archive")
    article.full_clean()
    record_actor(article, by)
    article.save(update_fields=["status", "updated_at"])
    return article


# --- Communication activities ------------------------------------------------------------

COMMUNICATION_FIELDS = (
    "title",
    "channel",
    "date",
    "partner",
    "description",
    "people_reached",
    "organizations_reached",
    "cost",
    "link",
)


def _communication_index(activity: CommunicationActivity) -> None:
    activity.search_text = search_key(activity.title, activity.partner, activity.description)


def _communication_check(activity: CommunicationActivity) -> None:
    _communication_index(activity)
    if activity.date and activity.date > timezone.localdate():
        raise ValidationError(
            {"date": _("Record an activity once it has taken place: the date is in the future.")}
        )
    if not activity.people_reached and not activity.organizations_reached:
        raise ValidationError(
            _("Enter how many people or organizations the activity reached (at least one).")
        )


@transaction.atomic
def communication_activity_record(
    *,
    title: str,
    channel: str,
    date: dt.date,
    people_reached: int = 0,
    organizations_reached: int = 0,
    cost: int = 0,
    partner: str = "",
    description: str = "",
    link: str = "",
    by: User | None,
) -> CommunicationActivity:
    """Record a communication activity (press, radio/TV, seminar, leaflets...) with its reach."""
    authorize(by, can_manage_portal_content)
    ensure_year_open(date, field="date")
    activity = CommunicationActivity(
        title=(title or "").strip(),
        channel=channel,
        date=date,
        people_reached=people_reached or 0,
        organizations_reached=organizations_reached or 0,
        cost=cost or 0,
        partner=partner,
        description=description,
        link=link,
        status=PublicationStatus.PUBLISHED,
        created_by=by,
    )
    activity.full_clean()
    _communication_check(activity)
    record_actor(activity, by)
    activity.save()
    return activity


@transaction.atomic
def communication_activity_update(
    *, activity: CommunicationActivity, by: User | None, **fields
) -> CommunicationActivity:
    authorize(by, can_manage_portal_content, activity)
    stored = CommunicationActivity.objects.filter(pk=activity.pk).values_list("date", flat=True)
    ensure_year_open(*stored, fields.get("date"), field="date")
    counts = ("people_reached", "organizations_reached", "cost")
    data = {name: (value or 0) if name in counts else value for name, value in fields.items()}
    model_update(instance=activity, fields=COMMUNICATION_FIELDS, data=data)
    activity.full_clean()
    _communication_check(activity)
    record_actor(activity, by)
    activity.save()
    return activity


# --- Policies ----------------------------------------------------------------------------

POLICY_FIELDS = (
    "title",
    "status",
    "summary",
    "body",
    "decision_number",
    "decision_date",
    "issuing_body",
    "effective_from",
    "effective_to",
    "is_public",
)


def _policy_index(policy: Policy) -> None:
    policy.search_text = search_key(
        policy.title, policy.summary, policy.body, policy.decision_number
    )


def _policy_decision_file(file):
    """The decision's file must be a PDF (judged by its content) within the upload limit."""
    try:
        detected = validate_document(file)
    except ValidationError as exc:
        raise ValidationError({"decision_file": exc.messages}) from None
    if detected != PDF:
        raise ValidationError(
            {
                "decision_file": _(
                    "The decision document must be a PDF file (this one is %(type)s)."
                )
                % {"type": detected.label}
            }
        )
    file.name = safe_name(file.name, detected)
    return file


def policy_next_statuses(policy: Policy | None) -> list[str]:
    """The statuses a policy may take next (all of them for a new record)."""
    if policy is None or not policy.pk:
        return list(Policy.Status.values)
    workflow = Policy.WORKFLOW
    allowed = {workflow[name].to for name in workflow.available(policy.status)}
    return [value for value in Policy.Status.values if value in allowed]


def _policy_move_to(policy: Policy, status: str) -> str | None:
    """The move of Policy.WORKFLOW from the policy's status to `status`, if there is one."""
    workflow = Policy.WORKFLOW
    return next(
        (name for name in workflow.available(policy.status) if workflow[name].to == status), None
    )


@transaction.atomic
def policy_save(
    *,
    title: str,
    status: str,
    policy: Policy | None = None,
    summary: str = "",
    body: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    issuing_body: str = "",
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    is_public: bool = True,
    decision_file=None,
    by: User | None,
) -> Policy:
    """Create a policy (`policy=None`) or update one, moving it along
    researching → proposed → issued → expired. An issued policy needs its decision number,
    an expired one the date it stopped being in force."""
    authorize(by, can_manage_portal_content)
    creating = policy is None
    if policy is None:
        policy = Policy(created_by=by)
    else:
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        move = _policy_move_to(policy, status)
        if move is None:
            raise ValidationError(
                {
                    "status": _("A policy that is “%(current)s” cannot become “%(new)s”.")
                    % {
                        "current": policy.get_status_display(),
                        "new": Policy.Status(status).label
                        if status in Policy.Status.values
                        else status,
                    }
                }
            )
        transition(policy, move)
    policy.title = (title or "").strip()
    policy.status, policy.summary, policy.body = status, summary, body
    policy.decision_number = (decision_number or "").strip()
    policy.decision_date, policy.issuing_body = decision_date, issuing_body
    policy.effective_from, policy.effective_to, policy.is_public = (
        effective_from,
        effective_to,
        is_public,
    )
    if status == Policy.Status.EXPIRED and not effective_to:
        raise ValidationError(
            {"effective_to": _("Enter the date the policy stopped being in force.")}
        )
    if decision_file:
        policy.decision_file = _policy_decision_file(decision_file)
    if creating:
        policy.slug = unique_slug(Policy, policy.title, fallback="chinh-sach")
    _policy_index(policy)
    policy.full_clean()
    record_actor(policy, by)
    if creating:
        save_new(policy)
    else:
        policy.save()
    return policy


# --- Program settings --------------------------------------------------------------------

PROGRAM_SETTINGS_FIELDS = (
    "province_code",
    "province_name",
    "people_committee_name",
    "agency_name",
    "agency_address",
    "agency_phone",
    "agency_email",
    "plan_number",
    "plan_date",
    "plan_title",
    "ministry_report_deadline",
    "report_signer_name",
    "report_signer_title",
    "industry_classification",
    "baseline_supported_organizations",
)


def _check_day_month(value: str) -> None:
    try:
        day, month = (int(part) for part in value.split("/"))
        dt.date(2024, month, day)  # a leap year, so 29/02 is accepted
    except (ValueError, TypeError):
        raise ValidationError(
            {"ministry_report_deadline": _("Enter a day and month as dd/mm, e.g. 15/12.")}
        ) from None


@transaction.atomic
def program_settings_update(*, by: User | None, **fields) -> ProgramSettings:
    """Change the program's identity (province, agency, plan, reporting deadline)."""
    authorize(by, can_manage_portal_content)
    ProgramSettings.load()
    row = ProgramSettings.objects.select_for_update().get(pk=1)
    model_update(instance=row, fields=PROGRAM_SETTINGS_FIELDS, data=fields, strip_text=True)
    _check_day_month(row.ministry_report_deadline)
    provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
    if (
        "province_code" in fields
        and row.province_code
        and provinces.exists()
        and not provinces.filter(code=row.province_code).exists()
    ):
        raise ValidationError({"province_code": _("Choose a province from the list.")})
    row.full_clean()
    record_actor(row, by)
    row.save()
    return row
