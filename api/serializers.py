"""The shapes of the API's answers: they document the contract (the OpenAPI schema in
`api/schema/v1.yaml` is generated from them) and are checked against every response by the
schemathesis run in the test suite."""

from rest_framework import serializers

from reports.models import Indicator, TaskGroup
from reports.status import Status

from .models import Scope
from .selectors import BREAKDOWNS

DECIMAL_HELP = 'A decimal number as a string, e.g. "123" or "1234.5".'


class ProvinceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The province's code (two digits), empty if not set.")
    name = serializers.CharField()


class PhaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()


class ProgramSerializer(serializers.Serializer):
    api_version = serializers.CharField()
    province = ProvinceSerializer()
    program = serializers.CharField(help_text="The provincial plan's title.")
    plan_number = serializers.CharField()
    agency = serializers.CharField()
    industry_classification = serializers.CharField(
        help_text="The VSIC version of every breakdown by industry, e.g. VSIC2025."
    )
    phases = PhaseSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The stable machine id of the indicator.")
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    unit = serializers.ChoiceField(choices=Indicator.Unit.values)
    counting = serializers.ChoiceField(choices=Indicator.Counting.values)
    source = serializers.ChoiceField(choices=Indicator.Source.values)
    task_group = serializers.ChoiceField(choices=TaskGroup.values)
    rule = serializers.CharField(allow_blank=True, help_text="The counting rule in words.")


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    closed = serializers.BooleanField(help_text="Approved and locked: its figures are frozen.")
    snapshot_sha256 = serializers.CharField(
        allow_null=True, help_text="SHA-256 of the closed year's frozen figures."
    )


class TargetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["exact", "at_least", "at_most", "range", "growth_range"]
    )
    value = serializers.CharField(allow_null=True, help_text=DECIMAL_HELP)
    minimum = serializers.CharField(allow_null=True, help_text=DECIMAL_HELP)
    maximum = serializers.CharField(allow_null=True, help_text=DECIMAL_HELP)
    growth_min_percent = serializers.CharField(allow_null=True, help_text=DECIMAL_HELP)
    growth_max_percent = serializers.CharField(allow_null=True, help_text=DECIMAL_HELP)
    milestone = serializers.BooleanField(help_text="A milestone at the phase's end.")


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's code.")
    unit = serializers.CharField()
    counting = serializers.CharField(allow_blank=True)
    target = TargetSerializer(allow_null=True)
    actual = serializers.CharField(allow_null=True, help_text=DECIMAL_HELP)
    status = serializers.ChoiceField(choices=[*Status, ""])


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    provisional = serializers.BooleanField(
        help_text="True for a year not closed yet: computed now, it may still change."
    )
    snapshot_sha256 = serializers.CharField(allow_null=True)
    figures = FigureSerializer(many=True)


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="Null for “not specified”.")
    label = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class BreakdownSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    by = serializers.ChoiceField(choices=list(BREAKDOWNS))
    provisional = serializers.BooleanField()
    snapshot_sha256 = serializers.CharField(allow_null=True)
    classification = serializers.CharField(
        required=False, help_text="The VSIC version (by industry only)."
    )
    rows = BreakdownRowSerializer(many=True)


class AnnualReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    provisional = serializers.BooleanField(
        help_text="Built from provisional figures (the year was not closed)."
    )
    figures_sha256 = serializers.CharField(help_text="SHA-256 of the figures it was built from.")
    sha256 = serializers.CharField(allow_null=True, help_text="SHA-256 of the PDF file.")
    pdf_url = serializers.URLField(
        allow_null=True, help_text="The PDF (needs a token with the “reports” scope)."
    )
    published_at = serializers.DateTimeField(allow_null=True)


class AwardWinnerSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    cycle = serializers.CharField()
    organization_name = serializers.CharField()
    prize = serializers.CharField(allow_blank=True)
    prize_code = serializers.CharField(allow_blank=True)
    category = serializers.CharField(allow_blank=True)
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField(allow_null=True)


class FigureCsvSerializer(serializers.Serializer):
    """A CSV row of a year's figures: the year's fields, then the figure's."""

    year = serializers.IntegerField()
    provisional = serializers.BooleanField()
    snapshot_sha256 = serializers.CharField(allow_null=True)
    indicator = serializers.CharField()
    unit = serializers.CharField()
    counting = serializers.CharField()
    target = TargetSerializer(allow_null=True)
    actual = serializers.CharField(allow_null=True)
    status = serializers.CharField()


class BreakdownCsvSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    by = serializers.CharField()
    provisional = serializers.BooleanField()
    snapshot_sha256 = serializers.CharField(allow_null=True)
    classification = serializers.CharField(required=False)
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    count = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


SCOPES = Scope.values
