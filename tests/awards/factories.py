import datetime as dt
import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import services
from awards.models import AwardCycle, Nomination, NominationDocument, Review
from enterprises.models import Membership, Organization

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def ooxml_bytes(kind: str) -> bytes:
    """A minimal DOCX ("word") or XLSX ("xl") package, as Office writes them."""
    main = {
        "word": ("word/document.xml", "wordprocessingml.document.main+xml"),
        "xl": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/'
            + main[0]
            + '" ContentType="application/vnd.openxmlformats-officedocument.'
            + main[1]
            + '"/></Types>',
        )
        archive.writestr(main[0], "<document/>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/a.txt", "hello")
    return buffer.getvalue()


def upload(name="ho-so.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Công ty Cổ phần Năng suất {n}")
    search_text = factory.LazyAttribute(lambda o: o.name.lower())
    tax_code = factory.Sequence(lambda n: f"{4100000000 + n}")
    status = Organization.Status.ACTIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = None
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.REPRESENTATIVE
    status = Membership.Status.ACTIVE


def member_of(user, organization=None) -> Organization:
    organization = organization or OrganizationFactory()
    MembershipFactory(user=user, organization=organization)
    return organization


def open_cycle(year=None, **dates) -> AwardCycle:
    """A cycle whose registration is open today, with the default criteria and levels."""
    today = timezone.localdate()
    values = {
        "registration_opens": today - dt.timedelta(days=10),
        "registration_closes": today + dt.timedelta(days=10),
        "dossier_deadline": today + dt.timedelta(days=30),
        "review_deadline": today + dt.timedelta(days=60),
    }
    values.update(dates)
    return services.award_cycle_create(by=None, year=year or today.year, **values)


def past_cycle(year: int) -> AwardCycle:
    return services.award_cycle_create(
        by=None,
        year=year,
        registration_opens=dt.date(year, 3, 1),
        registration_closes=dt.date(year, 4, 30),
        dossier_deadline=dt.date(year, 5, 31),
        review_deadline=dt.date(year, 7, 31),
    )


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    cycle = None
    organization = factory.SubFactory(OrganizationFactory)
    category = Nomination.Category.SME_MANUFACTURING
    status = Nomination.Status.REGISTERED
    registered_at = factory.LazyFunction(timezone.now)


def add_document(nomination, by=None, kind=NominationDocument.Kind.DOSSIER) -> NominationDocument:
    return NominationDocument.objects.create(
        nomination=nomination,
        kind=kind,
        file=upload(),
        original_name="ho-so.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=by,
    )


def assign(nomination, reviewer) -> Review:
    nomination.status = Nomination.Status.UNDER_REVIEW
    nomination.save(update_fields=["status"])
    return Review.objects.create(nomination=nomination, reviewer=reviewer)


def submit_review(review, total_fraction: float = 0.8) -> Review:
    """Submit `review` with every criterion at `total_fraction` of its maximum."""
    criteria = list(review.nomination.cycle.criteria.all())
    return services.review_save(
        review=review,
        by=review.reviewer,
        scores={c.pk: round(c.max_points * total_fraction) for c in criteria},
        submit=True,
    )
