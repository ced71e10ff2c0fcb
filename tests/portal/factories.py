import datetime as dt

import factory
from django.utils import timezone

from portal.models import Article, CommunicationActivity, Policy, PublicationStatus, User
from portal.text import search_key


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Faker("name", locale="vi_VN")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "Secret-pass-123")
        if create:
            self.save(update_fields=["password"])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Tin năng suất chất lượng số {n}")
    slug = factory.Sequence(lambda n: f"tin-nang-suat-{n}")
    summary = ""
    body = "Nội dung bài viết."
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    search_text = factory.LazyAttribute(lambda o: search_key(o.title, o.summary, o.body))


class CommunicationActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationActivity

    title = factory.Sequence(lambda n: f"Phóng sự năng suất {n}")
    channel = CommunicationActivity.Channel.RADIO_TV
    date = dt.date(2024, 5, 1)
    people_reached = 1000
    organizations_reached = 20
    partner = ""
    description = ""
    search_text = factory.LazyAttribute(lambda o: search_key(o.title, o.partner, o.description))


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"Chính sách hỗ trợ {n}")
    slug = factory.Sequence(lambda n: f"chinh-sach-{n}")
    status = Policy.Status.ISSUED
    decision_number = "12/2022/NQ-HĐND"
    decision_date = dt.date(2022, 7, 14)
    summary = ""
    body = ""
    search_text = factory.LazyAttribute(
        lambda o: search_key(o.title, o.summary, o.body, o.decision_number)
    )
