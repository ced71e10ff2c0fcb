"""The read-only endpoints of API v1 (`/api/v1/`). Thin: check access, read a selector."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.clients import client_ip

from .. import selectors, serializers
from ..authentication import BearerTokenAuthentication
from ..models import Scope
from ..permissions import HasReportsScope, request_token, require_scope
from ..renderers import ApiCSVRenderer, PdfRenderer
from ..services import api_token_record_use
from ..throttling import AnonymousThrottle, TokenThrottle

ERRORS = {
    400: OpenApiResponse(
        serializers.ErrorSerializer, description="A malformed request (a NUL byte in it)."
    ),
    401: OpenApiResponse(
        serializers.ErrorSerializer,
        description="A token that is wrong, expired or revoked (or none where one is needed).",
    ),
    404: OpenApiResponse(
        serializers.ErrorSerializer, description="An unknown `format`, or nothing here."
    ),
    429: OpenApiResponse(
        serializers.ErrorSerializer, description="Too many requests: wait `Retry-After` seconds."
    ),
}
PROTECTED_ERRORS = {
    **ERRORS,
    403: OpenApiResponse(
        serializers.ErrorSerializer, description="The token lacks the scope needed."
    ),
    404: OpenApiResponse(
        serializers.ErrorSerializer, description="Not a year of the plan, or an unknown `format`."
    ),
}
FORMATS = ("json", "csv")
FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(FORMATS),
    description="`csv` for a CSV file instead of JSON.",
)
YEAR = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="A year of the plan (see /api/v1/years/).",
)


class ApiView(APIView):
    """Bearer tokens, rate limits, JSON or CSV; every request made with a token is logged."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousThrottle, TokenThrottle]
    renderer_classes = [JSONRenderer, ApiCSVRenderer]
    csv_rows: str | None = None

    def initial(self, request, *args, **kwargs):
        # `?format=` names json or csv; anything else (even empty) is refused, as documented.
        if "format" in request.query_params and request.query_params["format"] not in FORMATS:
            raise exceptions.NotFound(
                _("Unknown format: ask for %(formats)s.") % {"formats": " or ".join(FORMATS)}
            )
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request_token(request)
        if token is not None:
            api_token_record_use(
                token=token,
                method=request.method,
                path=request.get_full_path(),
                status_code=response.status_code,
                ip_address=client_ip(request),
            )
        return response


def plan_year(text: str) -> int:
    """The year in the address (any text reaches here, so a wrong one gets the API's 404)."""
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None
    if year is None or year not in selectors.api_years():
        raise exceptions.NotFound(_("%(year)s is not a year of the plan.") % {"year": text})
    return year


def open_year_needs_token(request, year: int) -> None:
    """A closed year's aggregates are public; an open year's are provisional: token only."""
    if selectors.year_closing(year) is None:
        require_scope(request, Scope.PROVISIONAL)


class ProgramView(ApiView):
    """The province running this portal, the program and its phases."""

    @extend_schema(
        summary="The program, the province and the plan's phases",
        responses={200: serializers.ProgramSerializer, **ERRORS},
    )
    def get(self, request):
        return Response(selectors.program())


class IndicatorListView(ApiView):
    """What is measured: each indicator's stable code, names, unit, how it is counted (per year or cumulatively in the phase) and its counting rule in words."""

    csv_serializer = serializers.IndicatorSerializer

    @extend_schema(
        summary="Indicators with their counting rule",
        parameters=[FORMAT],
        responses={200: serializers.IndicatorSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        return Response(selectors.indicators())


class YearListView(ApiView):
    """The plan's years up to this one: a closed year (approved and locked) carries the SHA-256 of its frozen figures."""

    csv_serializer = serializers.YearSerializer

    @extend_schema(
        summary="The plan's years, closed (frozen) or open",
        parameters=[FORMAT],
        responses={200: serializers.YearSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        return Response(selectors.years())


class YearFiguresView(ApiView):
    csv_rows = "figures"
    csv_serializer = serializers.FigureCsvSerializer

    @extend_schema(
        summary="Targets and actuals of a year",
        description=(
            "A closed year's figures come from its frozen snapshot (public, with the "
            "snapshot's SHA-256); an open year's are computed now and provisional (a token "
            "with the “provisional” scope)."
        ),
        parameters=[YEAR, FORMAT],
        responses={200: serializers.YearFiguresSerializer, **PROTECTED_ERRORS},
    )
    def get(self, request, year: str):
        number = plan_year(year)
        open_year_needs_token(request, number)
        return Response(selectors.figures(number))


class YearBreakdownView(ApiView):
    csv_rows = "rows"
    csv_serializer = serializers.BreakdownCsvSerializer

    @extend_schema(
        summary="Supported organizations of a year by commune, industry or size",
        description=(
            "Counts of the organizations the SUPPORTED_ORGS indicator counts. By industry the "
            "sections are in the one classification the province reports in. Public for a "
            "closed year (frozen), a token with the “provisional” scope for an open one."
        ),
        parameters=[
            YEAR,
            OpenApiParameter(
                "by",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                enum=list(selectors.BREAKDOWNS),
            ),
            FORMAT,
        ],
        responses={
            200: serializers.BreakdownSerializer,
            **PROTECTED_ERRORS,
            400: OpenApiResponse(
                serializers.ErrorSerializer,
                description="An unknown breakdown, or a malformed request.",
            ),
        },
    )
    def get(self, request, year: str):
        by = request.query_params.get("by", "")
        if by not in selectors.BREAKDOWNS:
            raise exceptions.ValidationError(
                {
                    "detail": _("Choose the breakdown: by=%(choices)s.")
                    % {"choices": "|".join(selectors.BREAKDOWNS)}
                }
            )
        number = plan_year(year)
        open_year_needs_token(request, number)
        return Response(selectors.breakdown(number, by))


class AnnualReportListView(ApiView):
    """Every version of every year's annual report: its status, the SHA-256 of its figures and of its PDF, and the PDF's address (a token with the `reports` scope downloads it)."""

    csv_serializer = serializers.AnnualReportSerializer

    @extend_schema(
        summary="The annual reports: every version with its SHA-256 and PDF link",
        parameters=[FORMAT],
        responses={200: serializers.AnnualReportSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        rows = []
        for report in selectors.annual_reports():
            ready = report.status == report.Status.SUCCEEDED and bool(report.file)
            rows.append(
                {
                    "year": report.year,
                    "version": report.version,
                    "status": report.status,
                    "provisional": report.figures_source != report.FiguresSource.LOCKED,
                    "figures_sha256": report.figures_checksum,
                    "sha256": report.checksum or None if ready else None,
                    "pdf_url": (
                        request.build_absolute_uri(reverse("api:report_pdf", args=[report.pk]))
                        if ready
                        else None
                    ),
                    "published_at": report.finished_at if ready else None,
                }
            )
        return Response(serializers.AnnualReportSerializer(rows, many=True).data)


class AnnualReportPdfView(ApiView):
    permission_classes = [HasReportsScope]
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        summary="An annual report's PDF (token with the “reports” scope)",
        description=(
            "The annex lists the organizations supported with their tax codes, so the file "
            "is not public."
        ),
        parameters=[OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **PROTECTED_ERRORS,
            404: OpenApiResponse(serializers.ErrorSerializer, description="No such ready report."),
        },
    )
    def get(self, request, pk: str):
        number = int(pk) if pk.isascii() and pk.isdigit() and len(pk) <= 18 else None
        report = selectors.ready_report(number) if number else None
        if report is None:
            raise Http404
        return FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=report.download_name,
            content_type="application/pdf",
        )


class AwardWinnerListView(ApiView):
    """The province's organizations that won the National Quality Award, with the prize and the award decision (public facts only)."""

    csv_serializer = serializers.AwardWinnerSerializer

    @extend_schema(
        summary="The province's National Quality Award winners",
        parameters=[FORMAT],
        responses={200: serializers.AwardWinnerSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        return Response(selectors.award_winners())
