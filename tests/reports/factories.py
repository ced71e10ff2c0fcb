"""Factories for the records the plan's figures are counted from (built with the other apps'
models directly, as the reports app only reads them)."""

import datetime as dt

import factory

from awards.models import AwardCycle, AwardLevel, Nomination
from enterprises.models import Organization, PilotModel, Solution, SupportActivity
from portal.models import AdministrativeUnit, CommunicationActivity
from trainings.models import Consultant, Contract, Course, Enrollment


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = "99"
    name = "Tỉnh Thử Nghiệm"
    division_type = "tỉnh"
    level = AdministrativeUnit.Level.PROVINCE
    effective_from = dt.date(2025, 7, 1)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    division_type = "phường"
    level = AdministrativeUnit.Level.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    effective_from = dt.date(2025, 7, 1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Công ty TNHH Năng suất {n:05d}")
    tax_code = factory.Sequence(lambda n: f"{2600000000 + n}")
    status = Organization.Status.ACTIVE
    size_class = Organization.SizeClass.SMALL
    industry_section = "C"


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"giai-phap-{n}")
    name = factory.Sequence(lambda n: f"Giải pháp {n}")
    group = Solution.Group.MANAGEMENT_SYSTEMS


class SupportActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportActivity
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    date = dt.date(2025, 5, 10)
    kind = SupportActivity.Kind.GUIDANCE
    title = "Hướng dẫn áp dụng ISO 9001"
    state_budget = 10_000_000
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


class PilotModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotModel
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Mô hình điểm {n}")
    selected_on = dt.date(2024, 3, 1)
    status = PilotModel.Status.IMPLEMENTING


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"KH-{n:04d}")
    title = factory.Sequence(lambda n: f"Khóa đào tạo chuyên gia năng suất {n}")
    kind = Course.Kind.IN_DEPTH
    starts_on = dt.date(2025, 6, 1)
    ends_on = dt.date(2025, 6, 20)
    capacity = 40
    status = Course.Status.COMPLETED
    venue = "Hội trường Sở Khoa học và Công nghệ"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.Sequence(lambda n: f"hocvien{n}@example.vn")
    status = Enrollment.Status.PASSED
    participant_type = Enrollment.ParticipantType.STATE_OFFICIAL

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written past the services: keep the organizations supported each year as they do.
        from trainings.persons import course_persons_changed
        from trainings.supported import courses_changed

        instance = super()._create(model_class, *args, **kwargs)
        courses_changed(instance.course)
        course_persons_changed(instance.course)
        return instance


class ConsultantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultant

    name = factory.Sequence(lambda n: f"Trung tâm Tư vấn Năng suất {n}")
    tax_code = factory.Sequence(lambda n: f"{1000000000 + n}")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hợp đồng đào tạo {n}")
    consultant = factory.SubFactory(ConsultantFactory)
    selection_method = Contract.SelectionMethod.SHORTENED_DIRECT_APPOINTMENT
    contract_number = factory.Sequence(lambda n: f"{n:02d}/2025/HĐ-SKHCN")
    signed_on = dt.date(2025, 3, 1)
    value = 200_000_000
    status = Contract.Status.SETTLED
    accepted_on = dt.date(2025, 11, 1)
    accepted_amount = 180_000_000
    settled_on = dt.date(2025, 12, 1)
    settled_amount = 175_000_000


class AwardCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardCycle
        django_get_or_create = ("year",)

    year = 2025
    name = factory.LazyAttribute(lambda o: f"Giải thưởng Chất lượng Quốc gia {o.year}")
    registration_opens = factory.LazyAttribute(lambda o: dt.date(o.year, 2, 1))
    registration_closes = factory.LazyAttribute(lambda o: dt.date(o.year, 4, 30))
    dossier_deadline = factory.LazyAttribute(lambda o: dt.date(o.year, 5, 31))
    review_deadline = factory.LazyAttribute(lambda o: dt.date(o.year, 7, 31))


class AwardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardLevel
        django_get_or_create = ("cycle", "code")

    cycle = factory.SubFactory(AwardCycleFactory)
    code = "gold"
    name = "Giải Vàng"
    min_points = 800


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    cycle = factory.SubFactory(AwardCycleFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = Nomination.Status.REGISTERED
    category = Nomination.Category.SME_MANUFACTURING


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationActivity

    title = factory.Sequence(lambda n: f"Phóng sự năng suất chất lượng {n}")
    channel = CommunicationActivity.Channel.RADIO_TV
    date = dt.date(2025, 5, 1)
    people_reached = 1000
    organizations_reached = 20
