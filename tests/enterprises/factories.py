import datetime as dt

import factory

from enterprises.models import (
    Membership,
    Organization,
    PilotModel,
    Solution,
    SupportActivity,
    SupportEvidence,
    SupportRequest,
    SupportRequestDocument,
)
from enterprises.services import search_text_for
from enterprises.taxcode import mst_check_digit
from portal.models import AdministrativeUnit

FACTORY_TAX_CODES = 3_000_000


def valid_tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code (province prefix 26, skipping impossible ones)."""
    seq = n
    while True:
        nine = f"26{seq:07d}"
        digit = mst_check_digit(nine)
        if digit is not None and seq > 0:
            return nine + digit
        seq += 10_000_000 // 7 or 1


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = "25"
    name = "Tỉnh Phú Thọ"
    division_type = "tỉnh"
    level = AdministrativeUnit.Level.PROVINCE
    effective_from = dt.date(2025, 7, 1)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    division_type = "phường"
    level = AdministrativeUnit.Level.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    effective_from = dt.date(2025, 7, 1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Công ty TNHH Cơ khí Số {n}")
    # Far above the codes tests write by hand (valid_tax_code(500 + n) for a file's rows): the
    # sequence runs on across a worker's tests, and a code met twice fails a test by chance.
    tax_code = factory.Sequence(lambda n: valid_tax_code(FACTORY_TAX_CODES + n))
    kind = Organization.Kind.ENTERPRISE
    status = Organization.Status.ACTIVE
    industry_classification = Organization.IndustryClassification.VSIC_2025
    industry_code = "2511"
    industry_section = "C"
    sector_group = Organization.SectorGroup.AGRICULTURE_INDUSTRY_CONSTRUCTION
    employees = 30
    annual_revenue = 10_000_000_000
    size_class = Organization.SizeClass.SMALL
    search_text = factory.LazyAttribute(
        lambda o: search_text_for(name=o.name, short_name="", tax_code=o.tax_code)
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.REPRESENTATIVE
    status = Membership.Status.ACTIVE


def solution(code: str) -> Solution:
    return Solution.objects.get(code=code)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    need = "Cần hỗ trợ áp dụng 5S tại phân xưởng."

    @factory.post_generation
    def solutions(self, create, extracted, **kwargs):
        if create:
            self.solutions.set(extracted or [solution("5s")])


class SupportActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportActivity
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    date = dt.date(2024, 5, 10)
    kind = SupportActivity.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Đào tạo 5S đợt {n}")
    state_budget = 20_000_000
    own_contribution = 5_000_000

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written past the services: keep the organizations supported each year and the
        # ledger's totals as they do.
        from enterprises import ledger_totals
        from enterprises.supported import activities_changed

        instance = super()._create(model_class, *args, **kwargs)
        activities_changed([instance.organization_id], [instance.date])
        ledger_totals.apply(added=[instance])
        return instance

    @factory.post_generation
    def solutions(self, create, extracted, **kwargs):
        if create and extracted:
            self.solutions.set(extracted)
            # The kept solution groups (and CABs strengthened) follow the solutions, as the
            # services keep them.
            from enterprises.supported import activities_changed

            activities_changed([self.organization_id], [self.date])


class SupportRequestDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequestDocument

    request = factory.SubFactory(SupportRequestFactory)
    file = factory.django.FileField(filename="ke-hoach.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "ke-hoach.pdf"
    content_type = "application/pdf"
    size = 15


class SupportEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportEvidence

    activity = factory.SubFactory(SupportActivityFactory)
    file = factory.django.FileField(filename="bien-ban.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "bien-ban.pdf"
    content_type = "application/pdf"
    size = 15


class PilotModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotModel
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Mô hình điểm áp dụng Lean số {n}")
    selected_on = dt.date(2023, 3, 1)

    @factory.post_generation
    def solutions(self, create, extracted, **kwargs):
        if create:
            self.solutions.set(extracted or [solution("lean")])
