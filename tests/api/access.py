"""Access rows for the API and its token pages. The API answers everyone alike whatever their
session (it knows only bearer tokens): a closed year's aggregates are public, an open year's
figures and the report files answer 401 without a token. Staff issue and revoke tokens."""

from django.utils import timezone

from tests.access_matrix import PUBLIC, STAFF_ONLY, Row, everyone, post_only, post_rows

CLOSED = 2024
NEEDS_TOKEN = everyone(401)


def _open_year(w) -> dict:
    return {"year": str(timezone.localdate().year)}


ROWS = [
    Row("api:program", PUBLIC),
    Row("api:indicators", PUBLIC),
    Row("api:years", PUBLIC),
    Row("api:year_figures", PUBLIC, kwargs={"year": str(CLOSED)}),
    Row("api:year_figures", PUBLIC, kwargs={"year": str(CLOSED)}, query="format=csv"),
    Row("api:year_figures", NEEDS_TOKEN, kwargs=_open_year),
    Row("api:year_breakdowns", PUBLIC, kwargs={"year": str(CLOSED)}, query="by=size"),
    Row("api:year_breakdowns", NEEDS_TOKEN, kwargs=_open_year, query="by=commune"),
    Row("api:reports", PUBLIC),
    Row("api:report_pdf", NEEDS_TOKEN, kwargs=lambda w: {"pk": str(w.reports_report.pk)}),
    Row("api:award_winners", PUBLIC),
    Row("api:schema", PUBLIC),
    Row("api:docs", PUBLIC),
    Row("api_tokens:list", STAFF_ONLY),
    Row("api_tokens:create", STAFF_ONLY),
    Row("api_tokens:detail", STAFF_ONLY, kwargs=lambda w: {"pk": w.api_token.pk}),
    Row("api_tokens:revoke", post_only(STAFF_ONLY), kwargs=lambda w: {"pk": w.api_token.pk}),
]

POST_ROWS = post_rows(
    ROWS,
    {
        "api_tokens:create": 200,  # the empty form comes back with its errors
        "api_tokens:revoke": "redirect",
    },
)

# The API is read-only (a POST gets 405 from everyone); the token list and page only show.
READ_ONLY = {
    "api:program",
    "api:indicators",
    "api:years",
    "api:year_figures",
    "api:year_breakdowns",
    "api:reports",
    "api:report_pdf",
    "api:award_winners",
    "api:schema",
    "api:docs",
    "api_tokens:list",
    "api_tokens:detail",
}


def build_world(w) -> None:
    import datetime as dt

    from api.services import api_token_issue
    from reports.models import YearClosing
    from reports.snapshot import checksum

    snapshot = {
        "year": CLOSED,
        "indicators": [],
        "breakdowns": {"commune": [], "industry_section": [], "size_class": []},
        "industry_classification": {"code": "vsic2025"},
    }
    YearClosing.objects.update_or_create(
        year=CLOSED,
        defaults={
            "status": YearClosing.Status.LOCKED,
            "snapshot": snapshot,
            "snapshot_checksum": checksum(snapshot),
        },
    )
    w.api_token = api_token_issue(
        client_name="Văn phòng Chương trình quốc gia",
        scopes=["provisional"],
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        by=w.users["staff"],
    ).token
