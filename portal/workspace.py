"""What waits for program staff in the portal core: articles written but not yet published."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .hooks import WorkItem
from .models import Article, PublicationStatus


def staff_tasks(user) -> list[WorkItem]:
    drafts = Article.objects.filter(status=PublicationStatus.DRAFT).count()
    return [
        WorkItem(
            _("Draft articles to publish"),
            drafts,
            reverse("portal:staff_article_list") + "?status=draft",
        )
    ]
