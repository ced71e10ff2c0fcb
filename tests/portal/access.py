"""Access rows for the portal's public site and staff pages (news, policies, communication,
program data). Drafts and hidden policies are 404 for everyone but program staff."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import PublicationStatus
from tests.access_matrix import PUBLIC, STAFF_ONLY, Row, everyone, post_only, post_rows

from .factories import ArticleFactory, CommunicationActivityFactory, PolicyFactory

# Program staff may preview what the public cannot see; everyone else gets a 404.
STAFF_PREVIEW = everyone(404, staff=200)

ROWS: list = [
    Row("portal:article_list", PUBLIC),
    Row("portal:article_list", PUBLIC, query="category=guidance&q=nang+suat&page=2"),
    Row("portal:article_detail", PUBLIC, kwargs=lambda w: {"slug": w.article.slug}),
    Row("portal:article_detail", STAFF_PREVIEW, kwargs=lambda w: {"slug": w.draft_article.slug}),
    Row(
        "portal:article_detail", STAFF_PREVIEW, kwargs=lambda w: {"slug": w.scheduled_article.slug}
    ),
    Row("portal:article_detail", everyone(404), kwargs={"slug": "khong-ton-tai"}),
    Row("portal:policy_list", PUBLIC),
    Row("portal:policy_detail", PUBLIC, kwargs=lambda w: {"slug": w.policy.slug}),
    Row("portal:policy_detail", STAFF_PREVIEW, kwargs=lambda w: {"slug": w.hidden_policy.slug}),
    Row("portal:policy_decision_download", PUBLIC, kwargs=lambda w: {"slug": w.policy.slug}),
    Row(
        "portal:policy_decision_download",
        STAFF_PREVIEW,
        kwargs=lambda w: {"slug": w.hidden_policy.slug},
    ),
    Row("portal:staff_article_list", STAFF_ONLY),
    Row("portal:staff_article_list", STAFF_ONLY, query="status=scheduled"),
    Row("portal:staff_article_create", STAFF_ONLY),
    Row("portal:staff_article_update", STAFF_ONLY, kwargs=lambda w: {"pk": w.draft_article.pk}),
    Row(
        "portal:staff_article_publish",
        post_only(STAFF_ONLY),
        kwargs=lambda w: {"pk": w.draft_article.pk},
    ),
    Row(
        "portal:staff_article_archive",
        post_only(STAFF_ONLY),
        kwargs=lambda w: {"pk": w.article.pk},
    ),
    Row("portal:staff_communication_list", STAFF_ONLY),
    Row("portal:staff_communication_create", STAFF_ONLY),
    Row(
        "portal:staff_communication_update",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": w.communication_activity.pk},
    ),
    Row("portal:staff_policy_list", STAFF_ONLY),
    Row("portal:staff_policy_create", STAFF_ONLY),
    Row("portal:staff_policy_update", STAFF_ONLY, kwargs=lambda w: {"pk": w.hidden_policy.pk}),
    Row("portal:document_verify", PUBLIC),
    Row("portal:document_verify", PUBLIC, query="code=KHONGCO"),
    Row("portal:document_verify", PUBLIC, method="post"),
    Row("portal:program_settings", STAFF_ONLY),
    Row("portal:administrative_unit_list", STAFF_ONLY),
    # Pickers: communes are public data (the public registration form uses them).
    Row("portal:help", PUBLIC),
    Row("portal:pick_commune", PUBLIC, query="q=ha"),
    Row("portal:pick_commune", PUBLIC, query="scope=country"),
]

# Every URL that changes state, POSTed (with an empty form) by each role.
# Excel exports (portal.exports): only the person who asked sees the job and its file; the
# world's export belongs to the staff user (the superuser, another person, gets a 404).
EXPORT_OWN = everyone(404, anonymous="login", staff=200, superuser=404)
ROWS += [
    Row("portal:export_start", everyone(405, anonymous="login"), kwargs={"name": "registry"}),
    Row("portal:export_detail", EXPORT_OWN, kwargs=lambda w: {"pk": w.export_job.pk}),
    Row("portal:export_progress", EXPORT_OWN, kwargs=lambda w: {"pk": w.export_job.pk}),
    Row("portal:export_download", EXPORT_OWN, kwargs=lambda w: {"pk": w.export_job.pk}),
    Row(
        "portal:export_start",
        {**STAFF_ONLY, "staff": "redirect", "anonymous": "login"},
        kwargs={"name": "registry"},
        method="post",
        data={"query": "kind=enterprise&o=-name"},
    ),
    Row(
        "portal:export_start",
        {**STAFF_ONLY, "staff": "redirect", "official": "redirect", "anonymous": "login"},
        kwargs={"name": "targets"},
        method="post",
        data={"query": "o=-year"},
    ),
]

POST_ROWS = post_rows(
    ROWS,
    {
        "portal:staff_article_create": 200,
        "portal:staff_article_update": 200,
        "portal:staff_article_publish": "redirect",
        "portal:staff_article_archive": "redirect",
        "portal:staff_communication_create": 200,
        "portal:staff_communication_update": 200,
        "portal:staff_policy_create": 200,
        "portal:staff_policy_update": 200,
        "portal:program_settings": 200,
    },
)

# URLs that only show something: no POST row.
READ_ONLY = {
    "portal:pick_commune",
    "portal:help",
    "portal:article_list",
    "portal:article_detail",
    "portal:policy_list",
    "portal:policy_detail",
    "portal:policy_decision_download",
    "portal:staff_article_list",
    "portal:staff_communication_list",
    "portal:staff_policy_list",
    "portal:administrative_unit_list",
    "portal:export_detail",
    "portal:export_progress",
    "portal:export_download",
}


def build_world(w) -> None:
    now = timezone.now()
    w.article = ArticleFactory(title="Tin công khai", published_at=now - dt.timedelta(days=2))
    w.draft_article = ArticleFactory(
        title="Bản nháp", status=PublicationStatus.DRAFT, published_at=None
    )
    w.scheduled_article = ArticleFactory(
        title="Tin hẹn giờ", published_at=now + dt.timedelta(days=3)
    )
    decision = ContentFile(b"%PDF-1.4\n%decision\n", name="quyet-dinh.pdf")
    w.policy = PolicyFactory(title="Chính sách công khai", decision_file=decision)
    w.hidden_policy = PolicyFactory(
        title="Chính sách nội bộ",
        is_public=False,
        status="researching",
        decision_number="",
        decision_file=ContentFile(b"%PDF-1.4\n%internal\n", name="noi-bo.pdf"),
    )
    w.communication_activity = CommunicationActivityFactory()
    w.export_job = _finished_export(w.users["staff"])


def _finished_export(owner):
    """A written export of the (empty) registry, owned by `owner`."""
    import io

    from django.core.files.base import ContentFile
    from django.http import QueryDict

    from portal import exports
    from portal.models import ExportJob

    job = ExportJob.objects.create(owner=owner, list_name="registry", status="done")
    buffer = io.BytesIO()
    exports.write_workbook(buffer, exports.get("registry"), [], query=QueryDict())
    job.file.save("to-chuc.xlsx", ContentFile(buffer.getvalue()))
    return job
