"""News and guidance: the public list and article pages, and the staff pages that write them."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import ArticleForm
from ..models import Article, PublicationStatus
from ..permissions import staff_required
from .helpers import add_service_errors, choice_param, paginate, search_param

STAFF_STATUS_CHOICES = [*PublicationStatus.choices, ("scheduled", "")]


def article_list(request):
    category = choice_param(request, "category", Article.Category.choices)
    query = search_param(request)
    page = paginate(request, selectors.articles_public(category=category, query=query), 10)
    return render(
        request,
        "portal/article_list.html",
        {
            "page": page,
            "category": category,
            "categories": Article.Category.choices,
            "query": query,
        },
    )


def article_detail(request, slug):
    article = selectors.article_for_reader(slug=slug, user=request.user)
    return render(
        request,
        "portal/article_detail.html",
        {
            "article": article,
            "is_public": selectors.article_is_public(article),
            "related": list(selectors.articles_related(article)),
        },
    )


@staff_required
def staff_article_list(request):
    status = choice_param(request, "status", STAFF_STATUS_CHOICES)
    category = choice_param(request, "category", Article.Category.choices)
    query = search_param(request)
    articles = selectors.articles_for_staff(status=status, category=category, query=query)
    return render(
        request,
        "portal/staff_article_list.html",
        {
            "page": paginate(request, articles),
            "status": status,
            "category": category,
            "query": query,
            "statuses": PublicationStatus.choices,
            "categories": Article.Category.choices,
            "counts": selectors.article_counts_by_status(),
        },
    )


@staff_required
def staff_article_create(request):
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                **form.cleaned_data, publish="publish" in request.POST, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article was saved."))
            if article.status == PublicationStatus.PUBLISHED:
                messages.info(request, _("It is published on the public site."))
            return redirect("portal:staff_article_list")
    return render(request, "portal/staff_article_form.html", {"form": form, "article": None})


@staff_required
def staff_article_update(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ArticleForm(
        request.POST or None,
        instance=copy.copy(article),  # the form mutates its instance while validating
        can_publish=article.status != PublicationStatus.PUBLISHED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_update(article=article, **form.cleaned_data, by=request.user)
            if "publish" in request.POST and article.status != PublicationStatus.PUBLISHED:
                services.article_publish(article=article, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article was saved."))
            return redirect("portal:staff_article_list")
    return render(request, "portal/staff_article_form.html", {"form": form, "article": article})


def _article_transition(request, pk, service, success: str):
    """Run `service` on the article and say how it went (`success` names it by %(title)s)."""
    article = get_object_or_404(Article, pk=pk)
    try:
        service(article=article, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"title": article.title})
    return redirect("portal:staff_article_list")


@staff_required
@require_POST
def staff_article_publish(request, pk):
    return _article_transition(
        request, pk, services.article_publish, _("“%(title)s” is published.")
    )


@staff_required
@require_POST
def staff_article_archive(request, pk):
    return _article_transition(
        request, pk, services.article_archive, _("“%(title)s” was withdrawn from the public site.")
    )
