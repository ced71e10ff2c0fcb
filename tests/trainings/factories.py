import datetime as dt
import itertools

import factory
from django.utils import timezone

from enterprises.models import Membership, Organization, Solution, SupportActivity
from enterprises.taxcode import mst_check_digit
from trainings.models import (
    Consultant,
    Contract,
    ContractDocument,
    Course,
    Enrollment,
    Expert,
    ExpertAssignment,
)


def valid_tax_codes():
    """Endless valid 10-digit Vietnamese tax codes (check digit per stdnum.vn.mst)."""
    for base in itertools.count(100_000_001):
        digits = f"{base:09d}"
        check = mst_check_digit(digits)
        if check is not None:
            yield digits + check


_TAX_CODES = valid_tax_codes()
_ORG_TAX_CODES = (f"{n:010d}" for n in itertools.count(4_600_000_000))


def today():
    return timezone.localdate()


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"giai-phap-{n}")
    name = factory.Sequence(lambda n: f"Giải pháp {n}")
    group = Solution.Group.PRODUCTIVITY_TOOLS


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Công ty TNHH Cơ khí Phú Thọ {n}")
    tax_code = factory.LazyFunction(lambda: next(_ORG_TAX_CODES))
    status = Organization.Status.ACTIVE


def member(user, organization, status=Membership.Status.ACTIVE):
    return Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"status": status}
    )[0]


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"KH-{n:04d}")
    title = factory.Sequence(lambda n: f"Đào tạo công cụ cải tiến năng suất {n}")
    kind = Course.Kind.TOOL
    starts_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=2))
    venue = "Hội trường Sở Khoa học và Công nghệ, Việt Trì"
    capacity = 30
    status = Course.Status.OPEN

    @factory.post_generation
    def solutions(self, create, extracted, **kwargs):
        if create and extracted:
            self.solutions.set(extracted)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Học Viên {n}")
    email = factory.Sequence(lambda n: f"hocvien{n}@example.vn")
    phone = "0912345678"
    workplace = "Công ty TNHH Cơ khí Phú Thọ"
    status = Enrollment.Status.REGISTERED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written past the services: keep the organizations supported each year as they do.
        from trainings.persons import course_persons_changed
        from trainings.supported import courses_changed

        instance = super()._create(model_class, *args, **kwargs)
        courses_changed(instance.course)
        course_persons_changed(instance.course)
        return instance


def passed_with_certificate(enrollment: Enrollment, score=85) -> Enrollment:
    """Mark an enrollment passed with a certificate as the results service would."""
    from trainings.services import certificate_number_for

    enrollment.status = Enrollment.Status.PASSED
    enrollment.score = score
    enrollment.certificate_number = certificate_number_for(enrollment)
    enrollment.verification_code = Enrollment.new_verification_code()
    enrollment.certificate_issued_at = timezone.now()
    enrollment.save()
    from trainings.supported import courses_changed

    courses_changed(enrollment.course)
    from trainings.persons import course_persons_changed

    course_persons_changed(enrollment.course)
    return enrollment


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    full_name = factory.Sequence(lambda n: f"Trần Thị Chuyên Gia {n}")
    email = factory.Sequence(lambda n: f"chuyengia{n}@example.vn")
    source = Expert.Source.ADDED
    search_text = factory.LazyAttribute(
        lambda o: __import__("trainings.services", fromlist=["x"]).search_text(o.full_name, o.email)
    )


class ConsultantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultant

    name = factory.Sequence(lambda n: f"Trung tâm Tư vấn Năng suất Chất lượng {n}")
    tax_code = factory.LazyFunction(lambda: next(_TAX_CODES))


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    title = factory.Sequence(lambda n: f"Hợp đồng đào tạo chuyên gia năng suất {n}")
    consultant = factory.SubFactory(ConsultantFactory)
    selection_method = Contract.SelectionMethod.SHORTENED_DIRECT_APPOINTMENT
    value = 150_000_000


class SupportActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportActivity

    organization = factory.SubFactory(OrganizationFactory)
    date = dt.date(2024, 6, 1)
    kind = SupportActivity.Kind.GUIDANCE
    title = factory.Sequence(lambda n: f"Hướng dẫn áp dụng 5S {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written past the services: keep the organizations supported each year as they do.
        from enterprises.supported import activities_changed

        instance = super()._create(model_class, *args, **kwargs)
        activities_changed([instance.organization_id], [instance.date])
        return instance


class ExpertAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAssignment

    expert = factory.SubFactory(ExpertFactory)
    date = dt.date(2024, 6, 1)
    course = factory.SubFactory(CourseFactory)


class ContractDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractDocument

    contract = factory.SubFactory(ContractFactory)
    kind = ContractDocument.Kind.CONTRACT
    file = factory.django.FileField(filename="hop-dong.pdf", data=b"%PDF-1.4 test document")
    original_name = "hop-dong.pdf"
    content_type = "application/pdf"
    size = 22
